import type { RowStore, SqlValue, TableDefinition } from './projection';
import type { Statement } from 'better-sqlite3';
import { prepared, type ReadDatabase } from './read-database';

interface CachedRow {
  row: unknown;
  dirty: boolean;
}

/**
 * The row store of one build during one batch. Rows read or written in the batch stay in memory
 * (a batch touches the same person-year or fund row many times) and are written once by `flush()`,
 * inside the runner's transaction. The cache lives for one batch, so its size is bounded by the
 * batch size times the rows an event touches.
 */
export class SqliteRowStore implements RowStore {
  private readonly cache = new Map<string, Map<string, CachedRow | null>>();
  /** The prepared read of each table, from the database's statement cache: preparing is the expensive part of a point read. */
  private readonly reads = new Map<string, Statement>();

  constructor(
    private readonly db: ReadDatabase,
    /** Logical table name → physical table name of the build. */
    private readonly tables: Readonly<Record<string, string>>,
  ) {}

  get<Row>(table: TableDefinition<Row>, key: string): Row | undefined {
    const rows = this.rowsOf(table);
    if (rows.has(key)) return (rows.get(key)?.row as Row | undefined) ?? undefined;
    const stored = this.readOf(table).get(key) as { doc: string } | undefined;
    const row = stored ? (JSON.parse(stored.doc) as Row) : undefined;
    rows.set(key, row === undefined ? null : { row, dirty: false });
    return row;
  }

  put<Row>(table: TableDefinition<Row>, key: string, row: Row): void {
    this.rowsOf(table).set(key, { row, dirty: true });
  }

  /** Writes every changed row (insert or replace by key). */
  flush(definitions: ReadonlyArray<TableDefinition<unknown>>): number {
    let written = 0;
    for (const table of definitions) {
      const rows = this.cache.get(table.name);
      if (!rows) continue;
      const columns = Object.keys(table.columns);
      const upsert = prepared(this.db, upsertSql(this.physical(table), columns));
      for (const [key, cached] of rows) {
        if (!cached?.dirty) continue;
        const values = table.columnsOf(cached.row);
        upsert.run(key, ...columns.map((column) => sqlValue(values[column])), JSON.stringify(cached.row));
        cached.dirty = false;
        written += 1;
      }
    }
    return written;
  }

  private readOf(table: TableDefinition<unknown>): Statement {
    let read = this.reads.get(table.name);
    if (!read) {
      read = prepared(this.db, `SELECT doc FROM "${this.physical(table)}" WHERE key = ?`);
      this.reads.set(table.name, read);
    }
    return read;
  }

  private rowsOf(table: TableDefinition<unknown>): Map<string, CachedRow | null> {
    let rows = this.cache.get(table.name);
    if (!rows) {
      rows = new Map();
      this.cache.set(table.name, rows);
    }
    return rows;
  }

  private physical(table: TableDefinition<unknown>): string {
    const physical = this.tables[table.name];
    if (!physical) throw new Error(`no physical table for ${table.name}`);
    return physical;
  }
}

const sqlValue = (value: SqlValue | undefined): SqlValue => (value === undefined ? null : value);

const upsertSql = (physical: string, columns: readonly string[]): string => {
  const names = ['key', ...columns, 'doc'];
  const updates = [...columns, 'doc'].map((column) => `"${column}" = excluded."${column}"`).join(', ');
  return `INSERT INTO "${physical}" (${names.map((name) => `"${name}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')}) ON CONFLICT (key) DO UPDATE SET ${updates}`;
};
