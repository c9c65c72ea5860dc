import type { Database } from 'better-sqlite3';
import type { GlobalChainEntry, ReservationSource } from '../event-store.port';
import { GLOBAL_GENESIS, globalLink } from '../global-chain';
import { ADD_GLOBAL_HASH_SQL, SQLITE_LIMITS, type SqliteStatements } from './sqlite-schema';

/** The embedded store's global chain: its column, its migration, and what the verifier reads of it. */

export type StorageProblem = { problem: 'unreadable' | 'deleted-tail'; detail: string };

/** Stores created before the global chain lack its column; it is added on open. */
export const migrateGlobalHashColumn = (db: Database): void => {
  const columns = db.prepare('PRAGMA table_info(events)').all() as Array<{ name: string }>;
  if (!columns.some((column) => column.name === 'global_hash')) db.exec(ADD_GLOBAL_HASH_SQL);
};

/** Rows written before the global chain existed get their links once, in order, on open. */
export const fillMissingGlobalHashes = (db: Database, statements: SqliteStatements): void => {
  if (!db.prepare('SELECT 1 FROM events WHERE global_hash IS NULL LIMIT 1').get()) return;
  const pageSize = SQLITE_LIMITS.verifyPageSize;
  db.transaction(() => {
    let previous = GLOBAL_GENESIS;
    let after = 0n;
    const maxPages = Number(statements.eventCount.get()!.count) / pageSize + 1;
    for (let page = 0; page < maxPages; page += 1) {
      const rows = statements.globalPage.withLimit(pageSize).all(after);
      for (const row of rows) {
        previous = row.global_hash ?? globalLink(previous, { position: row.position, streamName: row.stream_name, revision: row.revision, hash: row.hash ?? '' });
        if (row.global_hash === null) statements.setGlobalHash.run(previous, row.position);
      }
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]!.position;
    }
  })();
};

export const globalChainPage = (statements: SqliteStatements, afterPosition: bigint, limit: number): GlobalChainEntry[] =>
  statements.globalPage.withLimit(limit).all(afterPosition).map((row) => ({
    position: row.position,
    streamName: row.stream_name,
    revision: row.revision,
    eventId: row.event_id,
    type: row.type,
    hash: row.hash ?? '',
    storedGlobalHash: row.global_hash,
  }));

/**
 * SQLite's own page check finds a truncated or damaged file; AUTOINCREMENT's high-water mark above
 * the last stored position shows that events at the end were deleted.
 */
export const storageProblems = (db: Database, statements: SqliteStatements): StorageProblem[] => {
  const problems: StorageProblem[] = [];
  try {
    const rows = db.prepare('PRAGMA quick_check').all() as Array<{ quick_check: string }>;
    const failures = rows.map((row) => row.quick_check).filter((line) => line !== 'ok');
    if (failures.length > 0) problems.push({ problem: 'unreadable', detail: `SQLite quick_check: ${failures.slice(0, 5).join('; ')}` });
  } catch (error) {
    return [{ problem: 'unreadable', detail: `SQLite cannot read the file: ${(error as Error).message}` }];
  }
  const last = statements.tail.get()?.position ?? 0n;
  const sequence = statements.sequence.get()?.seq ?? 0n;
  if (sequence > last) problems.push({ problem: 'deleted-tail', detail: `positions up to ${sequence} were used, but the last stored event is at position ${last}` });
  return problems;
};

/**
 * Fills the reservations of the events of each source the store has never reserved for (a store
 * written before reservations existed, or by a process that opened it without them), oldest first,
 * so the first settlement of a claim id keeps it (a store upgraded from a version that let an id pay
 * twice keeps both recorded payments, and refuses a third). Each source is filled once, and marked:
 * after that a missing row is one deleted, which verification reports instead of quietly refilling.
 */
export const backfillReservations = (db: Database, sources: readonly ReservationSource[]): void => {
  const filled = db.prepare('SELECT 1 FROM reservation_sources WHERE event_type = ?');
  const mark = db.prepare('INSERT INTO reservation_sources (event_type) VALUES (?)');
  const insert = db.prepare(
    'INSERT OR IGNORE INTO reservations (key, stream_name, fingerprint) ' +
      "SELECT @prefix || json_extract(data, '$.' || @idField), stream_name, json_extract(data, '$.' || @fingerprintField) " +
      'FROM events WHERE type = @type AND json_extract(data, \'$.\' || @idField) IS NOT NULL ORDER BY position',
  );
  db.transaction(() => {
    for (const source of sources) {
      if (filled.get(source.eventType) !== undefined) continue;
      insert.run({ prefix: source.keyPrefix, idField: source.idField, fingerprintField: source.fingerprintField, type: source.eventType });
      mark.run(source.eventType);
    }
  })();
};
