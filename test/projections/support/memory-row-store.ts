import type { Projection, ProjectedEvent, RowStore, TableDefinition } from '../../../src/projections/projection';

/** A row store over maps, so a whole projection can be run without SQLite in unit tests. */
export class MemoryRowStore implements RowStore {
  readonly tables = new Map<string, Map<string, unknown>>();

  get<Row>(table: TableDefinition<Row>, key: string): Row | undefined {
    return this.tables.get(table.name)?.get(key) as Row | undefined;
  }

  put<Row>(table: TableDefinition<Row>, key: string, row: Row): void {
    let rows = this.tables.get(table.name);
    if (!rows) {
      rows = new Map();
      this.tables.set(table.name, rows);
    }
    // A JSON round trip, as SQLite would store it, so a test cannot pass by sharing object identity.
    rows.set(key, JSON.parse(JSON.stringify(row)));
  }

  rows<Row>(table: TableDefinition<Row>): Row[] {
    return [...(this.tables.get(table.name)?.entries() ?? [])].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row as Row);
  }
}

export const runProjection = (projection: Projection, events: readonly ProjectedEvent[]): MemoryRowStore => {
  const store = new MemoryRowStore();
  for (const event of events) projection.apply(store, event);
  return store;
};
