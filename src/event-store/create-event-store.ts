import type { EventStore, ReservationSource } from './event-store.port';
import type * as EventStoreDbModule from './eventstoredb/eventstoredb-event-store.adapter';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store.adapter';
import { LEDGER_UPCASTERS, UpcasterChain, UpcastingEventStore, type Upcaster } from './upcasters';

export interface EventStoreConfig {
  /** Directory of the embedded store (`events.sqlite` is created inside it). */
  readonly dataDir: string;
  /** When set (e.g. `esdb://localhost:2113?tls=false`), EventStoreDB is used instead of SQLite. */
  readonly eventStoreUrl?: string;
  /** Reservations the embedded store fills in from older events when it first keeps them. */
  readonly reservationSources?: readonly ReservationSource[];
  /** Where the embedded store checkpoints its WAL; inline unless set. */
  readonly checkpoints?: SqliteEventStoreOptions['checkpoints'];
  /** For a following store: the embedded writer's horizon (shared memory), so its reader sees only what is synced. */
  readonly readHorizon?: SharedArrayBuffer;
}

/**
 * Picks the adapter from configuration: EventStoreDB when a URL is given, else the embedded SQLite
 * store; read through the upcaster chain once any type has a version after 1 (docs/events.md).
 */
export const createEventStore = ({ dataDir, eventStoreUrl, reservationSources, checkpoints }: EventStoreConfig, upcasters: readonly Upcaster[] = LEDGER_UPCASTERS): EventStore => {
  const store =
    eventStoreUrl !== undefined && eventStoreUrl.trim() !== ''
      ? new (loadEventStoreDbAdapter().EventStoreDbEventStore)(eventStoreUrl)
      : new SqliteEventStore(dataDir, { reservationSources, checkpoints });
  return upcasters.length === 0 ? store : new UpcastingEventStore(store, new UpcasterChain(upcasters));
};

/** A connection that only reads, for a thread beside the writer, and how to wake its subscriptions. */
export interface FollowingStore {
  readonly store: EventStore;
  /** The writer committed: live subscriptions read now instead of at their next poll (EventStoreDB pushes, so it needs none). */
  readonly wake: () => void;
}

/**
 * Opens the store for a reader on another thread (the projection thread): read-only on SQLite, where
 * the writer's commits reach it as `wake()` calls and its horizon (`config.readHorizon`) bounds what is
 * read; a client of its own on EventStoreDB.
 */
export const openFollowingStore = (config: EventStoreConfig, pollIntervalMs?: number, upcasters: readonly Upcaster[] = LEDGER_UPCASTERS): FollowingStore => {
  if (config.eventStoreUrl !== undefined && config.eventStoreUrl.trim() !== '') return { store: createEventStore(config, upcasters), wake: () => undefined };
  const sqlite = new SqliteEventStore(config.dataDir, { readonly: true, pollIntervalMs, readHorizon: config.readHorizon });
  const store = upcasters.length === 0 ? sqlite : new UpcastingEventStore(sqlite, new UpcasterChain(upcasters));
  return { store, wake: () => sqlite.wakeSubscriptions() };
};

/**
 * The gRPC client is loaded only when a server is configured: it is heavy, and the embedded
 * store (CLI, scenarios, tests) must keep working even where the client cannot be loaded.
 */
const loadEventStoreDbAdapter = (): typeof EventStoreDbModule =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./eventstoredb/eventstoredb-event-store.adapter') as typeof EventStoreDbModule;
