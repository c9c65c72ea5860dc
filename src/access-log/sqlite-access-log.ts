import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, openSync } from 'node:fs';
import { canonicalJson } from '../shared/canonical-json';

export const ACCESS_LOG_FILE = 'access-log.sqlite';
export const ACCESS_LOG_PAGE_MAX = 1000;
const GENESIS = '0'.repeat(64);
/** Entries verified per page; the whole walk is bounded by the log's size. */
const VERIFY_PAGE = 2000;
const VERIFY_PAGES_MAX = 10_000_000;

/** One read of a person's data: who, which person, what, when. Never the data itself. */
export interface AccessEntry {
  /** The principal's id (`token:<id>`, `oidc:<sub>`), or `anonymous` when none authenticated the request. */
  readonly principal: string;
  readonly personId: string;
  /** What was read: `person`, `timeline`, `usage`, `subsidy`, `alerts`, `claim`, `personal-data`, `lookup`. */
  readonly what: string;
  /** The route, as declared: `GET /persons/{personId}/timeline`. */
  readonly route: string;
  /** ISO-8601 instant of the read. */
  readonly at: string;
}

export interface RecordedAccess extends AccessEntry {
  readonly sequence: number;
  readonly hash: string;
}

export interface AccessQuery {
  readonly personId?: string;
  readonly principal?: string;
  readonly afterSequence?: number;
  readonly limit?: number;
}

/**
 * The access log: an append-only SQLite table in its own 0600 file. Triggers refuse UPDATE and
 * DELETE, so not even code of this process can edit an entry through SQL, and each entry's hash
 * covers the previous one's, so an entry edited or removed in the file by other means is found
 * by `verify()`. Appends are synchronous: a read is answered only once its entry is durable.
 */
export class SqliteAccessLog {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;

  constructor(file: string) {
    if (file !== ':memory:') {
      closeSync(openSync(file, 'a', 0o600));
      chmodSync(file, 0o600);
    }
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS access_log (
        sequence  INTEGER PRIMARY KEY AUTOINCREMENT,
        at        TEXT NOT NULL,
        principal TEXT NOT NULL,
        person_id TEXT NOT NULL,
        what      TEXT NOT NULL,
        route     TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX IF NOT EXISTS access_log_person ON access_log (person_id, sequence);
      CREATE TRIGGER IF NOT EXISTS access_log_no_update BEFORE UPDATE ON access_log
        BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
      CREATE TRIGGER IF NOT EXISTS access_log_no_delete BEFORE DELETE ON access_log
        BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
    `);
    this.insert = this.db.prepare('INSERT INTO access_log (at, principal, person_id, what, route, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)');
  }

  /** Appends one entry; the chain is read and extended inside one immediate transaction, so two processes never fork it. */
  record(entry: AccessEntry): RecordedAccess {
    return this.db.transaction((): RecordedAccess => {
      const last = this.db.prepare('SELECT hash FROM access_log ORDER BY sequence DESC LIMIT 1').get() as { hash: string } | undefined;
      const prevHash = last?.hash ?? GENESIS;
      const hash = entryHash(prevHash, entry);
      const { lastInsertRowid } = this.insert.run(entry.at, entry.principal, entry.personId, entry.what, entry.route, prevHash, hash);
      return { ...entry, sequence: Number(lastInsertRowid), hash };
    }).immediate();
  }

  query(filter: AccessQuery): RecordedAccess[] {
    const limit = Math.min(filter.limit ?? 100, ACCESS_LOG_PAGE_MAX);
    const rows = this.db
      .prepare(
        `SELECT sequence, at, principal, person_id, what, route, hash FROM access_log
         WHERE sequence > @after AND (@personId IS NULL OR person_id = @personId) AND (@principal IS NULL OR principal = @principal)
         ORDER BY sequence LIMIT @limit`,
      )
      .all({ after: filter.afterSequence ?? 0, personId: filter.personId ?? null, principal: filter.principal ?? null, limit }) as Array<{
      sequence: number;
      at: string;
      principal: string;
      person_id: string;
      what: string;
      route: string;
      hash: string;
    }>;
    return rows.map((row) => ({ sequence: row.sequence, at: row.at, principal: row.principal, personId: row.person_id, what: row.what, route: row.route, hash: row.hash }));
  }

  /** Walks the chain; answers the first sequence whose entry or link does not match, or null when intact. */
  verify(): number | null {
    let prevHash = GENESIS;
    let after = 0;
    for (let page = 0; page < VERIFY_PAGES_MAX; page++) {
      const rows = this.db
        .prepare('SELECT sequence, at, principal, person_id, what, route, prev_hash, hash FROM access_log WHERE sequence > ? ORDER BY sequence LIMIT ?')
        .all(after, VERIFY_PAGE) as Array<{ sequence: number; at: string; principal: string; person_id: string; what: string; route: string; prev_hash: string; hash: string }>;
      for (const row of rows) {
        const expected = entryHash(prevHash, { at: row.at, principal: row.principal, personId: row.person_id, what: row.what, route: row.route });
        if (row.prev_hash !== prevHash || row.hash !== expected) return row.sequence;
        prevHash = row.hash;
        after = row.sequence;
      }
      if (rows.length < VERIFY_PAGE) return null;
    }
    throw new Error(`access log longer than ${VERIFY_PAGES_MAX} pages of ${VERIFY_PAGE}`);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

const entryHash = (prevHash: string, entry: AccessEntry): string =>
  createHash('sha256')
    .update(prevHash + canonicalJson({ at: entry.at, principal: entry.principal, personId: entry.personId, what: entry.what, route: entry.route }))
    .digest('hex');
