import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The one read database of a data directory; every projection's tables and the checkpoints live in it. */
export const READ_DATABASE_FILE = 'read-models.sqlite';

export type ReadDatabase = Database.Database;

/** How long a writer waits for another process's transaction (a CLI rebuild beside the server) before failing. */
export const READ_DATABASE_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating when needed) `read-models.sqlite` in the data directory, or an in-memory database
 * for `':memory:'`. WAL lets queries read while the runner writes.
 *
 * synchronous=NORMAL, not FULL as in the event store: exactly-once projection needs atomicity, not
 * durability. Rows and checkpoint commit in one transaction, and WAL keeps every transaction atomic
 * across a crash or power cut; at worst the last batches roll back together with their checkpoint
 * and are projected again from the store, which shows its readers only what is on disk (see
 * `ReadHorizon`). Skipping the fsync per batch is what lets a rebuild run at the store's read speed.
 */
export const openReadDatabase = (dataDir: string | ':memory:'): ReadDatabase => {
  if (dataDir !== ':memory:') mkdirSync(dataDir, { recursive: true });
  const db = new Database(dataDir === ':memory:' ? ':memory:' : join(dataDir, READ_DATABASE_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`busy_timeout = ${READ_DATABASE_BUSY_TIMEOUT_MS}`);
  ensureCatalog(db);
  return db;
};

/**
 * The catalog: one checkpoint row per build of a projection, and which build answers queries.
 * `build` numbers a projection's builds (a rebuild of the same version is a new build into new
 * tables); `tables` maps the logical table names to the build's physical ones, so a build can be
 * dropped even after the code that defined it is gone. Dropped builds keep their row (status
 * `dropped`), so build numbers, and with them physical table names, are never reused.
 */
export const ensureCatalog = (db: ReadDatabase): void => {
  db.exec(`
    CREATE TABLE IF NOT EXISTS projection_checkpoints (
      name TEXT NOT NULL,
      version INTEGER NOT NULL,
      build INTEGER NOT NULL,
      position INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('building', 'active', 'retired', 'dropped')),
      updated_at TEXT NOT NULL,
      tables TEXT NOT NULL,
      error TEXT,
      PRIMARY KEY (name, build)
    );
    CREATE TABLE IF NOT EXISTS active_versions (
      name TEXT PRIMARY KEY,
      version INTEGER NOT NULL,
      build INTEGER NOT NULL,
      activated_at TEXT NOT NULL
    );
  `);
};

/** A bound on the statements cached per database: physical table names change per build, so the set of SQL texts is open. */
export const STATEMENT_CACHE_MAX = 512;

const statementCaches = new WeakMap<ReadDatabase, Map<string, Database.Statement>>();

/**
 * A prepared statement from a per-database cache. Preparing is the expensive part of a point read or
 * a checkpoint update (the rebuild profile put `db.prepare` at about 8 %), and the runner and the
 * queries issue the same few SQL texts over and over. SQLite re-prepares a cached statement itself
 * when the schema changes; a statement over a dropped table is never asked for again, because build
 * numbers, and with them table names, are never reused. The oldest entry leaves past the bound.
 */
export const prepared = (db: ReadDatabase, sql: string, safeIntegers = false): Database.Statement => {
  let cache = statementCaches.get(db);
  if (!cache) {
    cache = new Map();
    statementCaches.set(db, cache);
  }
  const key = safeIntegers ? `1${sql}` : `0${sql}`;
  let statement = cache.get(key);
  if (!statement) {
    statement = db.prepare(sql);
    if (safeIntegers) statement.safeIntegers(true);
    cache.set(key, statement);
    if (cache.size > STATEMENT_CACHE_MAX) cache.delete(cache.keys().next().value as string);
  }
  return statement;
};
