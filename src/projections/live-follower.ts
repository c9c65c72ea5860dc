import type { EventStore, RecordedEvent, Subscription } from '../event-store/event-store.port';
import { MAX_CONSECUTIVE_FAILURES, retryDelayMs } from './retry-backoff';

/** Live mode gives up after this many consecutive failures (store unreachable, database locked) and reports it. */
export { MAX_CONSECUTIVE_FAILURES };

/** What the follower needs from the runner it feeds. */
export interface LiveFollowerHost {
  readonly store: EventStore;
  /** Events per live batch (one transaction). */
  readonly liveBatchSize: number;
  /** Where a (re)subscription starts: the lowest checkpoint of the served builds. */
  resumeAfter(): bigint;
  applyBatch(events: readonly RecordedEvent[], after: bigint): number;
  /** False once the runner stopped: a pending retry then does nothing. */
  isLive(): boolean;
  /** A live failure; `gaveUp` after MAX_CONSECUTIVE_FAILURES in a row. */
  failed(message: string, gaveUp: boolean): void;
}

interface LiveState {
  readonly subscription: Subscription;
  /** Exclusive lower bound of the buffered events: the position the previous flush ended at. */
  after: bigint;
  readonly buffer: RecordedEvent[];
  flushScheduled: boolean;
  done: Promise<void>;
}

/**
 * Follows `subscribeToAll` after catch-up, buffering live events into small batches, and resubscribes
 * from the checkpoint with exponential back-off after a failure.
 */
export class LiveFollower {
  private live: LiveState | null = null;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(private readonly host: LiveFollowerHost) {}

  get following(): boolean {
    return this.live !== null;
  }

  follow(): void {
    const after = this.host.resumeAfter();
    const subscription = this.host.store.subscribeToAll({ afterPosition: after });
    const live: LiveState = { subscription, after, buffer: [], flushScheduled: false, done: Promise.resolve() };
    this.live = live;
    live.done = this.pump(live);
  }

  async stop(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const live = this.live;
    this.live = null;
    if (live) {
      await live.subscription.stop();
      await live.done;
    }
  }

  /**
   * Buffers live events and flushes when the buffer is full or, via setImmediate, once the
   * subscription has nothing more ready: a burst becomes one transaction, a lone event waits one tick.
   */
  private async pump(live: LiveState): Promise<void> {
    try {
      // Bounded by stop(): a live subscription ends only when stopped or failed.
      for await (const event of live.subscription) {
        live.buffer.push(event);
        if (live.buffer.length >= this.host.liveBatchSize) this.flush(live);
        else this.scheduleFlush(live);
      }
      this.flush(live);
    } catch (error: unknown) {
      this.onFailure(live, error);
    }
  }

  private scheduleFlush(live: LiveState): void {
    if (live.flushScheduled) return;
    live.flushScheduled = true;
    setImmediate(() => this.flush(live));
  }

  private flush(live: LiveState): void {
    live.flushScheduled = false;
    if (live.buffer.length === 0 || this.live !== live) return;
    const events = live.buffer.splice(0, this.host.liveBatchSize);
    try {
      this.host.applyBatch(events, live.after);
      live.after = events[events.length - 1]!.position;
      this.failures = 0;
    } catch (error: unknown) {
      // The buffered events are gone; restarting the subscription from the checkpoint reads them again.
      this.onFailure(live, error);
      return;
    }
    // The rest of a burst waits one turn of the event loop, so requests run between sub-batches.
    if (live.buffer.length > 0) this.scheduleFlush(live);
  }

  private onFailure(live: LiveState, error: unknown): void {
    if (this.live !== live) return;
    this.live = null;
    void live.subscription.stop();
    this.failures += 1;
    const gaveUp = this.failures >= MAX_CONSECUTIVE_FAILURES;
    this.host.failed(`live projection failed: ${error instanceof Error ? error.message : String(error)}`, gaveUp);
    if (gaveUp) return;
    const delay = retryDelayMs(this.failures);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.host.isLive()) this.follow();
    }, delay);
  }
}
