import type { LedgerEvent } from '../domain/ledger.events';
import type { RecordedEvent } from '../event-store/event-store.port';

/**
 * The shape of a projection (docs/projections.md). A projection owns a few tables in the read
 * database; its `apply` is a thin orchestration of pure reducers over a small row store, so the
 * reducers can be unit-tested without SQLite and the runner alone does IO (reading the store,
 * writing rows and the checkpoint in one transaction).
 */

/** An event as projections see it: one of the public ledger events with its recorded envelope. */
export type ProjectedEvent = LedgerEvent & {
  readonly metadata: RecordedEvent['metadata'];
  readonly streamName: string;
  readonly revision: bigint;
  readonly position: bigint;
};

/**
 * Projections only ever read the public contract; an event type they do not know falls through their
 * switch untouched, so the cast is the one place the store's untyped `data` meets the contract types.
 */
export const asProjectedEvent = (event: RecordedEvent): ProjectedEvent => event as unknown as ProjectedEvent;

export type SqlValue = string | number | bigint | null;
export type ColumnType = 'TEXT' | 'INTEGER';

/**
 * One table of a projection. Every table has `key TEXT PRIMARY KEY` and `doc TEXT NOT NULL` (the row
 * as JSON); `columns` are copies of row fields that queries filter or sort on, with their indexes.
 */
export interface TableDefinition<Row> {
  /** Logical name inside the projection ("years", "history"); the physical name adds projection, version and build. */
  readonly name: string;
  readonly columns: Readonly<Record<string, ColumnType>>;
  readonly indexes: ReadonlyArray<readonly string[]>;
  /** Method syntax on purpose: it keeps `TableDefinition<SomeRow>` assignable to `TableDefinition<unknown>`. */
  columnsOf(row: Row): Readonly<Record<string, SqlValue>>;
}

/** The row store a projection writes through inside the runner's transaction. */
export interface RowStore {
  get<Row>(table: TableDefinition<Row>, key: string): Row | undefined;
  put<Row>(table: TableDefinition<Row>, key: string, row: Row): void;
}

export interface Projection {
  readonly name: string;
  /** Bump it when the reducers or tables change: the runner then builds the new version beside the old one. */
  readonly version: number;
  readonly tables: ReadonlyArray<TableDefinition<unknown>>;
  apply(rows: RowStore, event: ProjectedEvent): void;
}

/**
 * A row-per-key reducer (style.md): which rows an event touches, the empty row, and a pure
 * `apply(row, event)`. Most projections are one or two of these.
 */
export interface RowReducer<Row> {
  readonly table: TableDefinition<Row>;
  keysOf(event: ProjectedEvent): readonly string[];
  initial(key: string, event: ProjectedEvent): Row;
  apply(row: Row, event: ProjectedEvent): Row;
}

/** Runs a reducer against a row store: read (or start) each touched row, reduce, write back. */
export const applyReducer = <Row>(rows: RowStore, reducer: RowReducer<Row>, event: ProjectedEvent): void => {
  for (const key of reducer.keysOf(event)) {
    const before = rows.get(reducer.table, key) ?? reducer.initial(key, event);
    rows.put(reducer.table, key, reducer.apply(before, event));
  }
};

/** Positions sort as text once zero-padded: history keys stay in event order under `ORDER BY key`. */
export const paddedPosition = (position: bigint): string => position.toString().padStart(20, '0');

/** The envelope fields every history row records, so `asAt` queries can answer "as the ledger knew it then". */
export interface RecordedStamp {
  readonly position: string;
  readonly recordedAt: string;
  readonly eventId: string;
}

export const stampOf = (event: ProjectedEvent): RecordedStamp => ({
  position: event.position.toString(),
  recordedAt: event.metadata.recordedAt,
  eventId: event.metadata.eventId,
});

/**
 * An instant as stored in `recorded_at` columns: UTC `toISOString()`, so that text comparison is time
 * comparison whatever offset the writer used ("2023-06-01T08:00:00+08:00" and "…T00:00:00.000Z" are equal).
 */
export const instantKey = (text: string): string => {
  const time = Date.parse(text);
  return Number.isNaN(time) ? text : new Date(time).toISOString();
};
