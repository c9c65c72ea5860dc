import type { EventStore, ReservationSource } from './event-store.port';
import type * as EventStoreDbModule from './eventstoredb/eventstoredb-event-store.adapter';
import { SqliteEventStore } from './sqlite/sqlite-event-store.adapter';
import { LEDGER_UPCASTERS, UpcasterChain, UpcastingEventStore, type Upcaster } from './upcasters';

export interface EventStoreConfig {
  /** Directory of the embedded store (`events.sqlite` is created inside it). */
  readonly dataDir: string;
  /** When set (e.g. `esdb://localhost:2113?tls=false`), EventStoreDB is used instead of SQLite. */
  readonly eventStoreUrl?: string;
  /** Reservations the embedded store fills in from older events when it first keeps them. */
  readonly reservationSources?: readonly ReservationSource[];
}

/**
 * Picks the adapter from configuration: EventStoreDB when a URL is given, else the embedded SQLite
 * store; read through the upcaster chain once any type has a version after 1 (docs/events.md).
 */
export const createEventStore = ({ dataDir, eventStoreUrl, reservationSources }: EventStoreConfig, upcasters: readonly Upcaster[] = LEDGER_UPCASTERS): EventStore => {
  const store =
    eventStoreUrl !== undefined && eventStoreUrl.trim() !== ''
      ? new (loadEventStoreDbAdapter().EventStoreDbEventStore)(eventStoreUrl)
      : new SqliteEventStore(dataDir, { reservationSources });
  return upcasters.length === 0 ? store : new UpcastingEventStore(store, new UpcasterChain(upcasters));
};

/**
 * The gRPC client is loaded only when a server is configured: it is heavy, and the embedded
 * store (CLI, scenarios, tests) must keep working even where the client cannot be loaded.
 */
const loadEventStoreDbAdapter = (): typeof EventStoreDbModule =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./eventstoredb/eventstoredb-event-store.adapter') as typeof EventStoreDbModule;
