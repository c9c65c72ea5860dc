import type { EventStore } from '../../event-store/event-store.port';
import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store.adapter';
import { innermostStore } from '../../integrity/guarded-event-store';

/**
 * The embedded store under the service's wrappers (the integrity guard, the upcasters), for what only
 * it has (its commit notices, its read horizon, its sync and checkpoint status); null on EventStoreDB.
 */
export const embeddedStoreOf = (store: EventStore): SqliteEventStore | null => {
  const inner = innermostStore(store);
  return inner instanceof SqliteEventStore ? inner : null;
};
