import { createHash } from 'node:crypto';
import type { Decider } from '../domain/decider';
import { canonicalJson } from '../shared/canonical-json';
import { schemaVersionOf, type LedgerEvent } from '../domain/ledger.events';
import { deterministicEventId } from '../event-store/deterministic-id';
import {
  WrongExpectedVersion,
  type AppendOptions,
  type EventStore,
  type EventToAppend,
  type RecordedEvent,
} from '../event-store/event-store.port';
import { pagesOfStream } from '../event-store/paging';
import { BoundedCache, type CacheStats } from './bounded-cache';
import type { Clock } from './clock';
import { KeyedLock } from './keyed-lock';
import type { AppendedEvent, CommandMetadata } from './ledger.types';

/** The states a store holds and the per-stream locks, shared by its sweeping view. */
interface HeldStates {
  readonly cache: BoundedCache<string, Loaded<unknown>>;
  readonly lock: KeyedLock;
}

interface Loaded<S> {
  readonly state: S;
  /** Revision of the last event folded into `state`, or -1n when the stream is empty. */
  readonly revision: bigint;
}

export interface Handled<S> {
  readonly state: S;
  readonly appended: readonly AppendedEvent[];
  readonly revision: bigint;
}

/** A retry only resolves a race with another process (this one serialises per stream), so few are needed. */
const MAX_ATTEMPTS = 8;
const READ_PAGE = 4096;
const UUID_NAMESPACE = 'benefits-ledger';

/**
 * Streams whose state stays in memory. Every entry is live memory the garbage collector marks again
 * on each major collection, so the cache is kept small: at 850,000 persons, 50,000 entries settled
 * claims about a fifth faster than 100,000 and 2,000,000 about twice as slow (docs/performance-history.md,
 * rounds 5 and 6); hits come mostly from the few streams a command touches more than once.
 */
export const DEFAULT_STATE_CACHE_ENTRIES = 50_000;

/**
 * Runs commands against streams: load (from a bounded cache, else by reading the stream), decide,
 * append with the revision the decision was made against, evolve. Per-stream serialisation in this
 * process plus optimistic concurrency across processes means a cap can never be exceeded by racing
 * claims. Event ids derive from the command, so a retried command is recognised by the store.
 */
export class AggregateStore {
  private readonly lock: KeyedLock;
  private readonly cache: BoundedCache<string, Loaded<unknown>>;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    states: number | HeldStates,
    /** False for a sweep (see `sweeping`): states it loads are not kept. */
    private readonly keepsLoadedStates = true,
  ) {
    const held = typeof states === 'number' ? { cache: new BoundedCache<string, Loaded<unknown>>(states), lock: new KeyedLock() } : states;
    this.cache = held.cache;
    this.lock = held.lock;
  }

  /**
   * The same streams, locks and held states, for work that visits many streams once (a region-wide
   * reassessment): it uses a state already held and keeps it current, but does not hold what it
   * loads. Filling the cache with 100,000 streams visited once evicts the ones commands come back
   * to, and that churn (states kept long enough to age, then dropped: the collector's costly kind)
   * took a third of a region reassessment's time at scale full (docs/performance.md, limit 5).
   */
  sweeping(): AggregateStore {
    return new AggregateStore(this.store, this.clock, { cache: this.cache, lock: this.lock }, false);
  }

  /** Current state of a stream (from cache when this process has it). */
  async load<C, S, E extends LedgerEvent>(stream: string, decider: Decider<C, S, E>): Promise<Loaded<S>> {
    const cached = this.cache.get(stream) as Loaded<S> | undefined;
    if (cached) return cached;
    const loaded = await this.read(stream, decider);
    if (this.keepsLoadedStates) this.cache.set(stream, loaded);
    return loaded;
  }

  /**
   * Decides and appends one command. `commandOf` builds the command from the loaded state, so that what
   * the command depends on (categories, policy) is recomputed on every retry.
   */
  async handle<C, S, E extends LedgerEvent>(
    stream: string,
    decider: Decider<C, S, E>,
    commandOf: (state: S) => C | Promise<C>,
    meta: CommandMetadata,
    idempotencyKey: string,
    /** True when the key alone identifies the command (a claim id, a correction id), whatever the revision. */
    stableKey = false,
    /** Reservations the append claims (a claim id, once ever); passed to the store unchanged. */
    appendOptions: AppendOptions = {},
  ): Promise<Handled<S>> {
    return this.lock.run(stream, async () => {
      for (let attempt = 1; ; attempt++) {
        const loaded = await this.load(stream, decider);
        const events = decider.decide(await commandOf(loaded.state), loaded.state);
        if (events.length === 0) return { state: loaded.state, appended: [], revision: loaded.revision };
        try {
          const key = meta.commandId ?? (stableKey ? idempotencyKey : `${idempotencyKey}@${stream}#${loaded.revision.toString()}`);
          return await this.append(stream, decider, loaded, events, meta, key, appendOptions);
        } catch (error) {
          // Another process wrote to the stream: forget what we knew and decide again, a bounded number of times.
          this.cache.delete(stream);
          if (!(error instanceof WrongExpectedVersion) || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    });
  }

  /** Hits and misses of the state cache, so its size can be chosen from a measurement. */
  cacheStats(reset = false): CacheStats {
    const stats = this.cache.stats();
    if (reset) this.cache.resetStats();
    return stats;
  }

  /** Forgets cached state, e.g. after a test tampers with the store. */
  forget(stream?: string): void {
    if (stream === undefined) this.cache.clear();
    else this.cache.delete(stream);
  }

  private async append<C, S, E extends LedgerEvent>(
    stream: string,
    decider: Decider<C, S, E>,
    loaded: Loaded<S>,
    events: E[],
    meta: CommandMetadata,
    commandKey: string,
    appendOptions: AppendOptions,
  ): Promise<Handled<S>> {
    const toAppend = this.envelopes(stream, events, meta, commandKey);
    const expected = loaded.revision < 0n ? 'noStream' : loaded.revision;
    const result = await this.store.appendToStream(stream, toAppend, expected, appendOptions);
    const state = events.reduce(decider.evolve, loaded.state);
    const revision = loaded.revision + BigInt(events.length);
    if (this.keepsLoadedStates || this.cache.has(stream)) this.cache.set(stream, { state, revision });
    const first = result.position - BigInt(events.length - 1);
    const appended = toAppend.map((event, index) => summary(stream, event, positionOf(result.position, first, index, events.length)));
    return { state, appended, revision };
  }

  /**
   * Event ids derive from the command key: the client's idempotency key, else the command's content at
   * the revision it was decided against, so a blind retry of the same attempt maps to the same ids.
   */
  private envelopes(stream: string, events: LedgerEvent[], meta: CommandMetadata, commandKey: string): EventToAppend[] {
    const recordedAt = meta.recordedAt ?? this.clock.now().toISOString();
    const correlationId = meta.correlationId ?? deterministicEventId(UUID_NAMESPACE, 'correlation', commandKey);
    return events.map((event, index) => ({
      type: event.type,
      data: event.data,
      metadata: {
        eventId: deterministicEventId(UUID_NAMESPACE, commandKey, stream, String(index)),
        schemaVersion: schemaVersionOf(event.type),
        correlationId,
        causationId: meta.causationId ?? correlationId,
        actor: meta.actor,
        recordedAt,
      },
    }));
  }

  private async read<C, S, E extends LedgerEvent>(stream: string, decider: Decider<C, S, E>): Promise<Loaded<S>> {
    let state = decider.initialState();
    let revision = -1n;
    // A stream is read in bounded pages; a person-year has at most a few hundred events in practice.
    for await (const events of pagesOfStream(this.store, stream, { pageSize: READ_PAGE })) {
      for (const event of events) state = decider.evolve(state, toLedgerEvent(event) as E);
      revision = events[events.length - 1].revision;
    }
    return { state, revision };
  }
}

/** The store answers with the last event's position; with group commit the batch's positions are contiguous. */
const positionOf = (last: bigint, first: bigint, index: number, count: number): string =>
  (index === count - 1 ? last : first + BigInt(index)).toString();

const summary = (streamName: string, event: EventToAppend, position: string): AppendedEvent => ({
  type: event.type as LedgerEvent['type'],
  data: event.data as LedgerEvent['data'],
  streamName,
  eventId: event.metadata.eventId,
  position,
});

export const toLedgerEvent = (event: RecordedEvent): LedgerEvent => ({ type: event.type, data: event.data }) as LedgerEvent;

/** SHA-256 of a value's canonical JSON: claim hashes and command keys. */
export const contentHash = (value: unknown): string => createHash('sha256').update(canonicalJson(value)).digest('hex');
