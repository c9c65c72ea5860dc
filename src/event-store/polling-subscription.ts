import type { RecordedEvent, Subscription } from './event-store.port';

/** One page read by a subscription: the events to deliver and the position to continue after. */
export interface SubscriptionPage {
  readonly events: readonly RecordedEvent[];
  /** Exclusive lower bound of the next read; may pass the last event when filtered-out events were scanned. */
  readonly nextAfter: bigint;
}

export interface PollingSubscriptionOptions {
  readonly afterPosition: bigint;
  /** Reads the next bounded page after a position, always from the store itself (never from a push buffer). */
  readonly fetchPage: (afterPosition: bigint) => SubscriptionPage | Promise<SubscriptionPage>;
  /** Registers a listener called when this process commits new events; returns the unregister function. */
  readonly onAppended: (listener: () => void) => () => void;
  /** Fallback poll so events written by another process are seen without an in-process signal. */
  readonly pollIntervalMs: number;
  /** Called once when the subscription stops, so the store can forget it. */
  readonly onStopped?: () => void;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * A catch-up-then-live subscription that always reads from the store by position. Catch-up and
 * live are the same loop: read a page after the last delivered position; when there is nothing
 * new, sleep until this process appends or the poll interval passes. Because every event comes
 * from a read ordered by position, there are no gaps and no duplicates at the catch-up/live seam.
 */
export class PollingSubscription implements Subscription, AsyncIterator<RecordedEvent> {
  private after: bigint;
  private buffer: readonly RecordedEvent[] = [];
  private index = 0;
  private stopped = false;
  /** Set by the append signal; checked before sleeping so a wake-up between read and sleep is not lost. */
  private signalled = false;
  private wake: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly unregister: () => void;

  constructor(private readonly options: PollingSubscriptionOptions) {
    if (!(options.pollIntervalMs > 0)) throw new RangeError('pollIntervalMs must be positive');
    this.after = options.afterPosition;
    this.unregister = options.onAppended(() => this.onSignal());
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this;
  }

  async next(): Promise<IteratorResult<RecordedEvent>> {
    // Unbounded on purpose: a live subscription lasts until stopped; each turn either returns an
    // event, returns done, or sleeps at most one poll interval.
    for (;;) {
      if (this.stopped) return DONE;
      if (this.index < this.buffer.length) return { done: false, value: this.buffer[this.index++]! };
      this.signalled = false;
      const page = await this.options.fetchPage(this.after);
      if (this.stopped) return DONE;
      this.buffer = page.events;
      this.index = 0;
      this.after = page.nextAfter;
      if (page.events.length === 0 && !this.signalled) await this.sleep();
    }
  }

  /** Called by `break` in for-await: ends the subscription. */
  async return(): Promise<IteratorResult<RecordedEvent>> {
    await this.stop();
    return DONE;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.unregister();
    this.wakeUp();
    this.options.onStopped?.();
  }

  private onSignal(): void {
    this.signalled = true;
    this.wakeUp();
  }

  private wakeUp(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private sleep(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(() => this.wakeUp(), this.options.pollIntervalMs);
    });
  }
}
