import type { Database, Statement } from 'better-sqlite3';
import { StatementsByLimit } from './statements-by-limit';

/**
 * Schema and prepared statements of the embedded store. Statements are prepared once per
 * connection and reused: preparing is the expensive part of a better-sqlite3 query. A LIMIT is
 * written into the text (`StatementsByLimit`), never bound: a bound one is prepared again on every call.
 */

/** Bounds that keep one call from holding the single writer or the event loop for long. */
export const SQLITE_LIMITS = {
  maxAppendsPerCommit: 512,
  subscriptionPageSize: 256,
  verifyPageSize: 1_000,
  verifyStreamsPageSize: 256,
} as const;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id    TEXT NOT NULL UNIQUE,
  stream_name TEXT NOT NULL,
  revision    INTEGER NOT NULL,
  type        TEXT NOT NULL,
  data        TEXT NOT NULL,
  metadata    TEXT NOT NULL,
  prev_hash   TEXT,
  hash        TEXT,
  global_hash TEXT,
  UNIQUE (stream_name, revision)
);
CREATE TABLE IF NOT EXISTS streams (
  stream_name TEXT PRIMARY KEY,
  revision    INTEGER NOT NULL,
  last_hash   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);
CREATE TABLE IF NOT EXISTS reservations (
  key         TEXT PRIMARY KEY,
  stream_name TEXT NOT NULL,
  fingerprint TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reservation_sources (
  event_type TEXT PRIMARY KEY
) WITHOUT ROWID;
`;

/** Stores created before the global chain lack its column; it is added (and filled) on open. */
export const ADD_GLOBAL_HASH_SQL = 'ALTER TABLE events ADD COLUMN global_hash TEXT';

/** A stored event row; integers come back as bigint because the connection uses safe integers. */
export interface EventRow {
  readonly position: bigint;
  readonly event_id: string;
  readonly stream_name: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly prev_hash: string | null;
  readonly hash: string | null;
  readonly global_hash: string | null;
}

export interface StreamRow {
  readonly stream_name: string;
  readonly revision: bigint;
  readonly last_hash: string;
}

/**
 * A row as the reads of events return it: the columns of `RECORDED_COLUMNS` in that order. Those
 * statements run in better-sqlite3's raw mode, which hands back an array per row instead of building
 * an object with ten named properties, and select only what a `RecordedEvent` holds (not the event id
 * or the global hash): reading the log is the whole of a rebuild and the start of every decision.
 */
export type RecordedRow = readonly [
  position: bigint,
  streamName: string,
  revision: bigint,
  type: string,
  data: string,
  metadata: string,
  prevHash: string | null,
  hash: string | null,
];

export type ReadAllVariant = 'all' | 'types' | 'prefixes' | 'typesAndPrefixes';

const EVENT_COLUMNS = 'position, event_id, stream_name, revision, type, data, metadata, prev_hash, hash, global_hash';
const RECORDED_COLUMNS = 'position, stream_name, revision, type, data, metadata, prev_hash, hash';
const TYPE_CLAUSE = 'type IN (SELECT value FROM json_each(@types))';
// substr/length count characters on both sides, so multi-byte stream names (e.g. Chinese) compare correctly.
const PREFIX_CLAUSE = 'EXISTS (SELECT 1 FROM json_each(@prefixes) p WHERE substr(stream_name, 1, length(p.value)) = p.value)';

const readAllSql = (variant: ReadAllVariant): string => {
  const clauses = ['position > @after', 'position <= @upTo'];
  if (variant === 'types' || variant === 'typesAndPrefixes') clauses.push(TYPE_CLAUSE);
  if (variant === 'prefixes' || variant === 'typesAndPrefixes') clauses.push(PREFIX_CLAUSE);
  return `SELECT ${RECORDED_COLUMNS} FROM events WHERE ${clauses.join(' AND ')} ORDER BY position LIMIT {limit}`;
};

export interface ReadAllParams {
  readonly after: bigint;
  readonly upTo: bigint;
  readonly types?: string;
  readonly prefixes?: string;
}

export class SqliteStatements {
  readonly streamHead: Statement<[string], StreamRow>;
  readonly eventsByIds: Statement<[string], EventRow>;
  readonly eventById: Statement<[string], EventRow>;
  readonly insertEvent: Statement<[bigint, string, string, bigint, string, string, string, string, string, string]>;
  readonly tail: Statement<[], { position: bigint; global_hash: string | null }>;
  readonly sequence: Statement<[], { seq: bigint }>;
  readonly eventAtRevision: Statement<[string, bigint], EventRow>;
  readonly reservation: Statement<[string], { stream_name: string; fingerprint: string }>;
  readonly insertReservation: Statement<[string, string, string]>;
  readonly globalPage: StatementsByLimit<[bigint], EventRow>;
  readonly eventAtPosition: Statement<[bigint], EventRow>;
  readonly countBetween: Statement<[bigint, bigint], { count: bigint }>;
  readonly setGlobalHash: Statement<[string, bigint]>;
  readonly upsertStream: Statement<[string, bigint, string]>;
  readonly positionOfRevision: Statement<[string, bigint], { position: bigint }>;
  readonly readForwards: StatementsByLimit<[string, bigint], RecordedRow>;
  readonly readBackwards: StatementsByLimit<[string, bigint], RecordedRow>;
  readonly headPosition: Statement<[], { head: bigint | null }>;
  readonly chainPage: StatementsByLimit<[string, bigint], EventRow>;
  readonly streamEventCount: Statement<[string], { count: bigint }>;
  readonly eventCount: Statement<[], { count: bigint }>;
  readonly streamCount: Statement<[], { count: bigint }>;
  readonly streamNamesPage: StatementsByLimit<[string], { stream_name: string }>;
  readonly emptyStreamsPage: StatementsByLimit<[string], StreamRow>;
  readonly readAll: Readonly<Record<ReadAllVariant, StatementsByLimit<[ReadAllParams], RecordedRow>>>;

  constructor(db: Database) {
    this.streamHead = db.prepare('SELECT stream_name, revision, last_hash FROM streams WHERE stream_name = ?');
    this.eventsByIds = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE event_id IN (SELECT value FROM json_each(?))`);
    this.eventById = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE event_id = ?`);
    this.insertEvent = db.prepare(
      'INSERT INTO events (position, event_id, stream_name, revision, type, data, metadata, prev_hash, hash, global_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.tail = db.prepare('SELECT position, global_hash FROM events ORDER BY position DESC LIMIT 1');
    // AUTOINCREMENT's high-water mark: positions are never reused, even after the last row was deleted.
    this.sequence = db.prepare("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0) AS seq");
    this.eventAtRevision = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_name = ? AND revision = ?`);
    this.reservation = db.prepare('SELECT stream_name, fingerprint FROM reservations WHERE key = ?');
    this.insertReservation = db.prepare('INSERT INTO reservations (key, stream_name, fingerprint) VALUES (?, ?, ?)');
    this.globalPage = new StatementsByLimit(db, `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT {limit}`);
    this.eventAtPosition = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position = ?`);
    this.countBetween = db.prepare('SELECT count(*) AS count FROM events WHERE position > ? AND position <= ?');
    this.setGlobalHash = db.prepare('UPDATE events SET global_hash = ? WHERE position = ?');
    this.upsertStream = db.prepare(
      'INSERT INTO streams (stream_name, revision, last_hash) VALUES (?, ?, ?) ' +
        'ON CONFLICT (stream_name) DO UPDATE SET revision = excluded.revision, last_hash = excluded.last_hash',
    );
    this.positionOfRevision = db.prepare('SELECT position FROM events WHERE stream_name = ? AND revision = ?');
    this.readForwards = recordedRows(db, `SELECT ${RECORDED_COLUMNS} FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision LIMIT {limit}`);
    this.readBackwards = recordedRows(db, `SELECT ${RECORDED_COLUMNS} FROM events WHERE stream_name = ? AND revision <= ? ORDER BY revision DESC LIMIT {limit}`);
    this.headPosition = db.prepare('SELECT max(position) AS head FROM events');
    this.chainPage = new StatementsByLimit(db, `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_name = ? AND revision > ? ORDER BY revision LIMIT {limit}`);
    this.streamEventCount = db.prepare('SELECT count(*) AS count FROM events WHERE stream_name = ?');
    this.eventCount = db.prepare('SELECT count(*) AS count FROM events');
    this.streamCount = db.prepare('SELECT count(*) AS count FROM streams');
    this.streamNamesPage = new StatementsByLimit(db, 'SELECT stream_name FROM events WHERE stream_name > ? GROUP BY stream_name ORDER BY stream_name LIMIT {limit}');
    this.emptyStreamsPage = new StatementsByLimit(
      db,
      'SELECT stream_name, revision, last_hash FROM streams s WHERE stream_name > ? ' +
        'AND NOT EXISTS (SELECT 1 FROM events e WHERE e.stream_name = s.stream_name) ORDER BY stream_name LIMIT {limit}',
    );
    this.readAll = {
      all: recordedRows(db, readAllSql('all')),
      types: recordedRows(db, readAllSql('types')),
      prefixes: recordedRows(db, readAllSql('prefixes')),
      typesAndPrefixes: recordedRows(db, readAllSql('typesAndPrefixes')),
    };
  }
}

/** A read of events in raw mode: each row an array in `RECORDED_COLUMNS` order. */
const recordedRows = <Params extends unknown[]>(db: Database, sql: string): StatementsByLimit<Params, RecordedRow> => new StatementsByLimit(db, sql, true);
