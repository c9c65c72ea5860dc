import { StoreNotWritable, StreamTampered, type AppendOptions, type AppendResult, type EventStore, type EventToAppend, type ExpectedRevision } from '../event-store/event-store.port';
import { ForwardingEventStore } from '../event-store/forwarding-event-store';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store.adapter';
import type { IntegrityGate } from './integrity-gate';

/**
 * The store as the service uses it: reads pass through; an append is refused unless the store has
 * passed verification, and an append the adapter refuses because a stream no longer matches its
 * chain marks the whole store broken.
 */
export class GuardedEventStore extends ForwardingEventStore {
  constructor(
    inner: EventStore,
    private readonly gate: IntegrityGate,
  ) {
    super(inner);
  }

  override async appendToStream(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision, options?: AppendOptions): Promise<AppendResult> {
    if (!this.gate.writable) throw new StoreNotWritable(this.gate.reason);
    try {
      return await this.inner.appendToStream(stream, events, expected, options);
    } catch (error) {
      if (error instanceof StreamTampered) this.gate.broken(error.message);
      throw error;
    }
  }
}

/** The store under any decorators (guard, upcasting): what verification and the adapter-specific checks need. */
export const innermostStore = (store: EventStore): EventStore => {
  let current = store;
  for (let depth = 0; depth < 8 && 'stored' in current; depth += 1) current = (current as EventStore & { stored: EventStore }).stored;
  return current;
};

/**
 * The embedded store under the service's wrappers (the integrity guard, the upcasters), for what only
 * it has (its commit notices, its read horizon, its sync and checkpoint status); null on EventStoreDB.
 */
export const embeddedStoreOf = (store: EventStore): SqliteEventStore | null => {
  const inner = innermostStore(store);
  return inner instanceof SqliteEventStore ? inner : null;
};
