import { checkHeld } from '../../src/event-store/reservations';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src/shared/canonical-json';
import {
  DEFAULT_MAX_COUNT,
  EventIdConflict,
  GENESIS_HASH,
  WrongExpectedVersion,
  type AppendOptions,
  type AppendResult,
  type ChainBreak,
  type EventFilter,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  type VerifyReport,
} from '../../src/event-store/event-store.port';

/**
 * A small in-memory implementation of the event-store port for projection tests: positions from 1,
 * readAll with afterPosition / maxCount / filter, subscribeToAll that catches up and then goes live,
 * and the same hash chain formula as the real adapters so `verifyAll` can be exercised (it detects
 * altered content and broken links; removal and reordering are the real adapters' job). It keeps
 * everything in arrays, so it is only fit for small test logs.
 */
export class InMemoryEventStore implements EventStore {
  private readonly events: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly listeners = new Set<() => void>();
  private closed = false;
  private readonly reservations = new Map<string, { stream: string; fingerprint: string }>();

  async appendToStream(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision, options: AppendOptions = {}): Promise<AppendResult> {
    this.assertOpen();
    const existing = this.streams.get(stream) ?? [];
    const retried = this.idempotentRetry(stream, events);
    if (retried) return retried;
    checkExpected(stream, existing, expected);
    const reservations = options.reservations ?? [];
    const toReserve = reservations.filter((reservation) => checkHeld(stream, reservation, this.reservations.get(reservation.key)));
    for (const { key, fingerprint } of toReserve) this.reservations.set(key, { stream, fingerprint });
    let prevHash = existing.length === 0 ? GENESIS_HASH : existing[existing.length - 1]!.metadata.hash;
    for (const event of events) {
      const recorded = this.record(stream, BigInt(existing.length), event, prevHash);
      existing.push(recorded);
      this.events.push(recorded);
      prevHash = recorded.metadata.hash;
    }
    this.streams.set(stream, existing);
    this.notify();
    const last = existing[existing.length - 1];
    return { nextExpectedRevision: BigInt(existing.length - 1), position: last ? last.position : 0n };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const events = this.streams.get(stream) ?? [];
    const maxCount = options.maxCount ?? DEFAULT_MAX_COUNT;
    if (options.direction === 'backwards') {
      const from = options.from === undefined || options.from === 'end' ? BigInt(events.length - 1) : options.from === 'start' ? 0n : options.from;
      return events.filter((event) => event.revision <= from).reverse().slice(0, maxCount);
    }
    const from = options.from === undefined || options.from === 'start' ? 0n : options.from === 'end' ? BigInt(events.length) : options.from;
    return events.filter((event) => event.revision >= from).slice(0, maxCount);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const after = options.afterPosition ?? 0n;
    const maxCount = options.maxCount ?? DEFAULT_MAX_COUNT;
    const page: RecordedEvent[] = [];
    // Positions are 1-based and dense here, so the first candidate is at index `after`.
    for (let index = Number(after); index < this.events.length && page.length < maxCount; index += 1) {
      const event = this.events[index]!;
      if (matches(event, options.filter)) page.push(event);
    }
    return page;
  }

  async streamExists(stream: string): Promise<boolean> {
    return (this.streams.get(stream)?.length ?? 0) > 0;
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    return new InMemorySubscription(this, options.afterPosition ?? 0n, options.filter, this.listeners);
  }

  async headPosition(): Promise<bigint> {
    return BigInt(this.events.length);
  }

  async verifyStream(stream: string): Promise<VerifyReport> {
    const events = this.streams.get(stream) ?? [];
    const found = firstBreak(stream, events);
    return { ok: found === null, streamsChecked: 1, eventsChecked: events.length, breaks: found ? [found] : [] };
  }

  async verifyAll(): Promise<VerifyReport> {
    const breaks: ChainBreak[] = [];
    for (const [stream, events] of this.streams) {
      const found = firstBreak(stream, events);
      if (found) breaks.push(found);
    }
    return { ok: breaks.length === 0, streamsChecked: this.streams.size, eventsChecked: this.events.length, breaks };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.notify();
  }

  /** Replaces a stored event's data without fixing the chain, so tests can show tampering is detected. */
  unsafeTamperForTests(position: bigint, data: unknown): void {
    const index = Number(position) - 1;
    const original = this.events[index];
    if (!original) throw new RangeError(`no event at position ${position}`);
    const tampered: RecordedEvent = { ...original, data };
    this.events[index] = tampered;
    const stream = this.streams.get(original.streamName)!;
    stream[Number(original.revision)] = tampered;
  }

  isClosed(): boolean {
    return this.closed;
  }

  private record(stream: string, revision: bigint, event: EventToAppend, prevHash: string): RecordedEvent {
    const hash = chainHash(prevHash, event);
    return {
      type: event.type,
      data: structuredClone(event.data),
      metadata: { ...event.metadata, prevHash, hash },
      streamName: stream,
      revision,
      position: BigInt(this.events.length + 1),
    };
  }

  /**
   * An append whose first event id is already stored is a retry: when the whole batch is stored with
   * the same content it is a no-op answering as the first append did; anything else is a conflict.
   */
  private idempotentRetry(stream: string, events: readonly EventToAppend[]): AppendResult | null {
    const first = events[0];
    if (!first || !this.events.some((event) => event.metadata.eventId === first.metadata.eventId)) return null;
    let last: RecordedEvent | undefined;
    for (const event of events) {
      const stored = this.events.find((candidate) => candidate.metadata.eventId === event.metadata.eventId);
      if (!stored || stored.streamName !== stream || stored.type !== event.type || canonicalJson(stored.data) !== canonicalJson(event.data)) {
        throw new EventIdConflict(event.metadata.eventId, stream);
      }
      last = stored;
    }
    return { nextExpectedRevision: last!.revision, position: last!.position };
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('InMemoryEventStore is closed');
  }
}

/** The adapters' formula: sha256(prevHash + canonicalJson({ type, data, metadata without the chain fields })). */
const chainHash = (prevHash: string, event: Pick<EventToAppend, 'type' | 'data' | 'metadata'>): string => {
  const { prevHash: _p, hash: _h, ...metadata } = event.metadata as EventToAppend['metadata'] & { prevHash?: string; hash?: string };
  return createHash('sha256').update(prevHash).update(canonicalJson({ type: event.type, data: event.data, metadata })).digest('hex');
};

const firstBreak = (streamName: string, events: readonly RecordedEvent[]): ChainBreak | null => {
  let expectedPrev = GENESIS_HASH;
  for (const event of events) {
    const at = { streamName, revision: event.revision, position: event.position, eventId: event.metadata.eventId };
    if (chainHash(event.metadata.prevHash, event) !== event.metadata.hash) {
      return { ...at, problem: 'altered', detail: 'the stored hash does not match the event content' };
    }
    if (event.metadata.prevHash !== expectedPrev) return { ...at, problem: 'broken-link', detail: 'prevHash does not match the previous hash' };
    expectedPrev = event.metadata.hash;
  }
  return null;
};

const checkExpected = (stream: string, existing: readonly RecordedEvent[], expected: ExpectedRevision): void => {
  const actual = existing.length === 0 ? ('noStream' as const) : BigInt(existing.length - 1);
  const ok =
    expected === 'any' ||
    (expected === 'noStream' && actual === 'noStream') ||
    (expected === 'streamExists' && actual !== 'noStream') ||
    (typeof expected === 'bigint' && actual === expected);
  if (!ok) throw new WrongExpectedVersion(stream, expected, actual);
};

const matches = (event: RecordedEvent, filter: EventFilter | undefined): boolean => {
  if (!filter) return true;
  if (filter.eventTypes && !filter.eventTypes.includes(event.type)) return false;
  if (filter.streamPrefixes && !filter.streamPrefixes.some((prefix) => event.streamName.startsWith(prefix))) return false;
  return true;
};

/** Page size of a subscription's reads: small enough to interleave with other work, large enough to be cheap. */
const SUBSCRIPTION_PAGE = 256;

/** Catch-up then live: reads pages by position from the store; when there is nothing new, waits for an append. */
class InMemorySubscription implements Subscription, AsyncIterator<RecordedEvent> {
  private after: bigint;
  private buffer: RecordedEvent[] = [];
  private stopped = false;
  private wake: (() => void) | null = null;
  /** Set by an append; checked before waiting so an append between the read and the wait is not lost. */
  private signalled = false;
  private readonly listener = (): void => {
    this.signalled = true;
    this.wake?.();
  };

  constructor(
    private readonly store: InMemoryEventStore,
    afterPosition: bigint,
    private readonly filter: EventFilter | undefined,
    private readonly listeners: Set<() => void>,
  ) {
    this.after = afterPosition;
    listeners.add(this.listener);
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this;
  }

  async next(): Promise<IteratorResult<RecordedEvent>> {
    // Unbounded on purpose: a live subscription lasts until stopped; every turn either yields, ends or waits for an append.
    for (;;) {
      if (this.stopped || this.store.isClosed()) return { done: true, value: undefined };
      const next = this.buffer.shift();
      if (next) return { done: false, value: next };
      this.signalled = false;
      const head = await this.store.headPosition();
      const page = await this.store.readAll({ afterPosition: this.after, maxCount: SUBSCRIPTION_PAGE, filter: this.filter });
      // A filtered page may skip events; a page that is not full holds every match up to the head read before it.
      const last = page.length > 0 ? page[page.length - 1]!.position : this.after;
      const scannedTo = page.length === SUBSCRIPTION_PAGE || last > head ? last : head;
      this.buffer = page;
      if (scannedTo > this.after) this.after = scannedTo;
      if (page.length === 0 && !this.signalled && !this.stopped) await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }

  async return(): Promise<IteratorResult<RecordedEvent>> {
    await this.stop();
    return { done: true, value: undefined };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.listeners.delete(this.listener);
    this.wake?.();
  }
}
