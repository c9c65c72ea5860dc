import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type EventData,
  type EventStoreDBClient,
  type Filter,
  type Position,
} from '@eventstore/db-client';

/**
 * An in-memory stand-in for the parts of the EventStoreDB client v6 the adapter uses, written from
 * the client's typings and documented server behaviour: commit positions with gaps, system events
 * interleaved in $all, inclusive read positions, exclusive subscription positions, expected-revision
 * checks with the server's id-based idempotency, StreamNotFoundError thrown while iterating a read,
 * and a network hop (a macrotask) before every call so concurrent callers interleave. It lets the
 * adapter's own logic run the contract here; the real server remains the reference (EVENTSTORE_URL).
 */

interface StoredEvent {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly position: Position;
}

interface FakeSubscriber {
  wake: () => void;
}

const POSITION_STEP = 137n;

const networkHop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class FakeEventStoreDbClient {
  private readonly log: StoredEvent[] = [];
  private readonly subscribers = new Set<FakeSubscriber>();
  private nextCommit = 1000n;
  private systemCounter = 0;

  constructor() {
    this.write('$settings', '$settings', {});
    this.write('$scavenges', '$scavengeStarted', {});
  }

  asClient(): EventStoreDBClient {
    return this as unknown as EventStoreDBClient;
  }

  async appendToStream(stream: string, events: EventData | EventData[], options: { expectedRevision?: AppendExpectedRevision } = {}) {
    await networkHop();
    const batch = Array.isArray(events) ? events : [events];
    const current = this.currentRevision(stream);
    const expected = options.expectedRevision ?? ANY;
    const replay = this.serverIdempotency(stream, batch, expected);
    if (replay) return replay;
    if (!revisionMatches(expected, current)) {
      throw new WrongExpectedVersionError(undefined, { streamName: stream, expected, current: current ?? NO_STREAM });
    }
    let revision = current ?? -1n;
    let position: Position = { commit: 0n, prepare: 0n };
    for (const event of batch) {
      revision += 1n;
      position = this.store(stream, revision, event);
    }
    // The server writes its own events now and then ($stats, projections); readers must skip them.
    if ((this.systemCounter += 1) % 3 === 0) this.write(`$stats-${this.systemCounter}`, '$statsCollected', {});
    this.wakeSubscribers();
    return { success: true, nextExpectedRevision: revision, position };
  }

  readStream(stream: string, options: { direction?: string; fromRevision?: bigint | 'start' | 'end'; maxCount?: number | bigint } = {}) {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? 'start';
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const self = this;
    return iterable(async function* () {
      await networkHop();
      const events = self.log.filter((event) => event.streamId === stream);
      if (events.length === 0) throw new StreamNotFoundError(undefined, stream);
      const selected = backwards
        ? events.filter((event) => from === 'end' || (from !== 'start' && event.revision <= from) || (from === 'start' && event.revision === 0n)).reverse()
        : events.filter((event) => from === 'start' || (from !== 'end' && event.revision >= from));
      for (const event of selected.slice(0, max)) yield { event: resolved(event), commitPosition: event.position.commit };
    });
  }

  readAll(options: { direction?: string; fromPosition?: Position | 'start' | 'end'; maxCount?: number | bigint } = {}) {
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition ?? (backwards ? 'end' : 'start');
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const self = this;
    return iterable(async function* () {
      await networkHop();
      const selected = backwards
        ? self.log.filter((event) => from === 'end' || (from !== 'start' && event.position.commit <= from.commit)).reverse()
        : self.log.filter((event) => from === 'start' || (from !== 'end' && event.position.commit >= from.commit));
      for (const event of selected.slice(0, max)) yield { event: resolved(event), commitPosition: event.position.commit };
    });
  }

  subscribeToAll(options: { fromPosition?: Position | 'start' | 'end'; filter?: Filter } = {}) {
    const from = options.fromPosition ?? 'start';
    let after = from === 'start' ? -1n : from === 'end' ? this.nextCommit : from.commit;
    let stopped = false;
    const subscriber: FakeSubscriber = { wake: () => undefined };
    this.subscribers.add(subscriber);
    const self = this;
    const source = iterable(async function* () {
      // Bounded by the subscription's life: it ends when unsubscribed.
      while (!stopped) {
        const fresh = self.log.filter((event) => event.position.commit > after);
        for (const event of fresh) {
          after = event.position.commit;
          if (passes(options.filter, event)) yield { event: resolved(event), commitPosition: event.position.commit };
          if (stopped) return;
        }
        // Appends made while the consumer was away are in the log already: sleep only when there are none.
        if (self.log.some((event) => event.position.commit > after)) continue;
        await new Promise<void>((resolve) => {
          subscriber.wake = resolve;
        });
      }
    });
    return Object.assign(source, {
      unsubscribe: async () => {
        stopped = true;
        self.subscribers.delete(subscriber);
        subscriber.wake();
      },
    });
  }

  async dispose(): Promise<void> {
    for (const subscriber of [...this.subscribers]) subscriber.wake();
  }

  private serverIdempotency(stream: string, batch: readonly EventData[], expected: AppendExpectedRevision) {
    if (typeof expected !== 'bigint' && expected !== NO_STREAM) return null;
    const start = expected === NO_STREAM ? 0n : expected + 1n;
    const stored = this.log.filter((event) => event.streamId === stream && event.revision >= start);
    if (stored.length < batch.length || batch.some((event, index) => stored[index]!.id !== event.id)) return null;
    const last = stored[batch.length - 1]!;
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  }

  private currentRevision(stream: string): bigint | null {
    let current: bigint | null = null;
    for (const event of this.log) if (event.streamId === stream) current = event.revision;
    return current;
  }

  private store(stream: string, revision: bigint, event: EventData): Position {
    const position = { commit: this.nextCommit, prepare: this.nextCommit };
    this.nextCommit += POSITION_STEP;
    this.log.push({
      streamId: stream,
      id: event.id,
      revision,
      type: event.type,
      data: JSON.stringify(event.data),
      metadata: JSON.stringify(event.metadata ?? null),
      position,
    });
    return position;
  }

  private write(stream: string, type: string, data: Record<string, unknown>): void {
    const revision = (this.currentRevision(stream) ?? -1n) + 1n;
    this.store(stream, revision, { id: `${stream}-${revision}`, contentType: 'application/json', type, data, metadata: undefined } as EventData);
  }

  private wakeSubscribers(): void {
    for (const subscriber of [...this.subscribers]) subscriber.wake();
  }
}

const revisionMatches = (expected: AppendExpectedRevision, current: bigint | null): boolean => {
  if (expected === ANY) return true;
  if (expected === NO_STREAM) return current === null;
  if (expected === STREAM_EXISTS) return current !== null;
  return current === expected;
};

const resolved = (event: StoredEvent) => ({
  streamId: event.streamId,
  id: event.id,
  isJson: true,
  revision: event.revision,
  type: event.type,
  created: new Date(0),
  data: JSON.parse(event.data) as unknown,
  metadata: JSON.parse(event.metadata) as unknown,
  position: event.position,
});

const passes = (filter: Filter | undefined, event: StoredEvent): boolean => {
  if (!filter) return true;
  const subject = filter.filterOn === 'streamName' ? event.streamId : event.type;
  if ('prefixes' in filter) return filter.prefixes.some((prefix) => subject.startsWith(prefix));
  return new RegExp(filter.regex).test(subject);
};

const iterable = <T>(generate: () => AsyncGenerator<T>) => ({
  [Symbol.asyncIterator]: generate,
});
