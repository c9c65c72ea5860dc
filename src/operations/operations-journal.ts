import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Category, Department } from '../domain/vocabulary';

/**
 * The operations journal (`DATA_DIR/operations.sqlite`): which roster each department last sent for
 * each region, and every export of early warnings. It holds person ids only, never a 身份证号 or a
 * name. It is not part of the ledger: the events say what was recognized; the journal says which
 * file listed whom, so the next roster's dry run can name the people it no longer lists.
 */
export const OPERATIONS_JOURNAL_FILE = 'operations.sqlite';
const BUSY_TIMEOUT_MS = 5000;
/** Entries of one roster kept in the journal; a roster beyond it is refused by the importer first. */
export const ROSTER_ENTRIES_MAX = 200_000;

export interface RosterEntry {
  readonly personId: string;
  readonly category: Category;
}

export interface RecordedRoster {
  readonly department: Department;
  readonly region: string;
  readonly fileSha256: string;
  readonly importedAt: string;
  readonly actor: string;
  readonly entries: readonly RosterEntry[];
}

export interface ExportRecord {
  readonly kind: 'early-warnings';
  readonly actor: string;
  readonly region: string;
  readonly from: string;
  readonly to: string;
  readonly format: 'xlsx' | 'csv';
  readonly rows: number;
  /** Whether names and 身份证号 from the personal-data store were included. */
  readonly withPersonalData: boolean;
  readonly personIds: readonly string[];
  readonly exportedAt: string;
}

export interface RosterHistory {
  /** The roster last imported (not dry-run) for the department and region; null when none was. */
  previousRoster(department: Department, region: string): RecordedRoster | null;
  recordRoster(roster: RecordedRoster): void;
}

export class OperationsJournal implements RosterHistory {
  private constructor(private readonly db: Database.Database) {}

  static open(dataDir: string | ':memory:'): OperationsJournal {
    if (dataDir !== ':memory:') mkdirSync(dataDir, { recursive: true });
    const db = new Database(dataDir === ':memory:' ? ':memory:' : join(dataDir, OPERATIONS_JOURNAL_FILE));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.exec(`
      CREATE TABLE IF NOT EXISTS rosters (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        department TEXT NOT NULL, region TEXT NOT NULL, file_sha256 TEXT NOT NULL,
        imported_at TEXT NOT NULL, actor TEXT NOT NULL, entries TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS rosters_by_source ON rosters (department, region, id);
      CREATE TABLE IF NOT EXISTS exports (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL, actor TEXT NOT NULL, region TEXT NOT NULL, period_from TEXT NOT NULL, period_to TEXT NOT NULL,
        format TEXT NOT NULL, rows INTEGER NOT NULL, with_personal_data INTEGER NOT NULL, person_ids TEXT NOT NULL, exported_at TEXT NOT NULL
      );
    `);
    return new OperationsJournal(db);
  }

  previousRoster(department: Department, region: string): RecordedRoster | null {
    const row = this.db
      .prepare('SELECT department, region, file_sha256, imported_at, actor, entries FROM rosters WHERE department = ? AND region = ? ORDER BY id DESC LIMIT 1')
      .get(department, region) as { department: Department; region: string; file_sha256: string; imported_at: string; actor: string; entries: string } | undefined;
    if (!row) return null;
    return { department: row.department, region: row.region, fileSha256: row.file_sha256, importedAt: row.imported_at, actor: row.actor, entries: JSON.parse(row.entries) as RosterEntry[] };
  }

  recordRoster(roster: RecordedRoster): void {
    if (roster.entries.length > ROSTER_ENTRIES_MAX) throw new RangeError(`a roster holds at most ${ROSTER_ENTRIES_MAX} entries`);
    this.db
      .prepare('INSERT INTO rosters (department, region, file_sha256, imported_at, actor, entries) VALUES (?, ?, ?, ?, ?, ?)')
      .run(roster.department, roster.region, roster.fileSha256, roster.importedAt, roster.actor, JSON.stringify(roster.entries));
  }

  recordExport(record: ExportRecord): void {
    this.db
      .prepare('INSERT INTO exports (kind, actor, region, period_from, period_to, format, rows, with_personal_data, person_ids, exported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(record.kind, record.actor, record.region, record.from, record.to, record.format, record.rows, record.withPersonalData ? 1 : 0, JSON.stringify(record.personIds), record.exportedAt);
  }

  /** The most recent exports first (bounded), for the operator and the tests. */
  exports(limit = 100): ExportRecord[] {
    const rows = this.db.prepare('SELECT * FROM exports ORDER BY id DESC LIMIT ?').all(Math.min(limit, 1000)) as Array<Record<string, string | number>>;
    return rows.map((row) => ({
      kind: 'early-warnings',
      actor: String(row.actor),
      region: String(row.region),
      from: String(row.period_from),
      to: String(row.period_to),
      format: row.format as 'xlsx' | 'csv',
      rows: Number(row.rows),
      withPersonalData: row.with_personal_data === 1,
      personIds: JSON.parse(String(row.person_ids)) as string[],
      exportedAt: String(row.exported_at),
    }));
  }

  close(): void {
    this.db.close();
  }
}
