import type { ProjectedEvent, Projection, TableDefinition } from './projection';

/**
 * event-index: where each event is, by its correlation id, so `GET /events?correlationId=` can list
 * everything one request caused without scanning the log. The row holds the event's correlation id,
 * position, stream and revision; `CorrelatedEventRecords` reads the envelope back from the store.
 * Version 2 copied the envelope (id, type, stream, position, correlation and causation ids, actor,
 * time, schema version) into every row: a row per event of about 410 bytes, a quarter of the read
 * database on the bench's population, rewritten by every rebuild.
 */

export interface EventLocation {
  readonly correlationId: string;
  readonly position: string;
  readonly streamName: string;
  readonly revision: string;
}

export const locationOf = (event: ProjectedEvent): EventLocation => ({
  correlationId: event.metadata.correlationId,
  position: event.position.toString(),
  streamName: event.streamName,
  revision: event.revision.toString(),
});

/** Only what `GET /events?correlationId=` filters and sorts on is a column. */
const EVENTS: TableDefinition<EventLocation> = {
  name: 'events',
  columns: { position: 'INTEGER', correlation_id: 'TEXT' },
  indexes: [['correlation_id', 'position']],
  columnsOf: (row) => ({ position: BigInt(row.position), correlation_id: row.correlationId }),
};

/** Keyed by global position: unique like the event id, and a few bytes instead of 36 in the key's index. */
const keyOf = (event: ProjectedEvent): string => event.position.toString();

export const eventIndexProjection: Projection = {
  name: 'event-index',
  // 2: keyed by position; no causation_id column or index. 3: the row is the event's location, not its envelope.
  version: 3,
  tables: [EVENTS],
  // Every event is indexed, including types this version of the code does not know.
  apply: (rows, event) => rows.put(EVENTS, keyOf(event), locationOf(event)),
};

export const EVENT_INDEX_TABLES = { events: EVENTS } as const;
