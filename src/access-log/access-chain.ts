import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../shared/canonical-json';

/** The link before the first entry. */
export const ACCESS_LOG_GENESIS = '0'.repeat(64);
/** Entries verified per page; the whole walk is bounded by the log's size. */
const VERIFY_PAGE = 2000;
const VERIFY_PAGES_MAX = 10_000_000;

/**
 * Where the access log's chain stands: its last entry's sequence and hash (0 and the genesis link
 * for an empty log). A signed checkpoint carries one, so entries removed from the end of the log,
 * which leave a valid shorter chain, are found against it.
 */
export interface AccessLogHead {
  readonly sequence: number;
  readonly hash: string;
}

export const EMPTY_ACCESS_LOG: AccessLogHead = { sequence: 0, hash: ACCESS_LOG_GENESIS };

/** What an entry's hash covers: every field of the read (`AccessEntry`), not its sequence. */
interface HashedEntry {
  readonly at: string;
  readonly principal: string;
  readonly personId: string;
  readonly what: string;
  readonly route: string;
}

export const entryHash = (prevHash: string, entry: HashedEntry): string =>
  createHash('sha256')
    .update(prevHash + canonicalJson({ at: entry.at, principal: entry.principal, personId: entry.personId, what: entry.what, route: entry.route }))
    .digest('hex');

interface ChainRow {
  readonly sequence: number;
  readonly at: string;
  readonly principal: string;
  readonly person_id: string;
  readonly what: string;
  readonly route: string;
  readonly prev_hash: string;
  readonly hash: string;
}

/**
 * Walks the log's chain in pages: the entries checked, and the first sequence whose entry no longer
 * matches its hash, or whose link does not name the entry before it (an entry edited, or removed
 * from the middle). A removed tail, or a chain recomputed from the edit on, leaves no such mark:
 * only a signed head shows those (see `AccessLogHead`).
 */
export const walkAccessChain = (db: Database.Database): { entries: number; brokenAt: number | null } => {
  const page = db.prepare('SELECT sequence, at, principal, person_id, what, route, prev_hash, hash FROM access_log WHERE sequence > ? ORDER BY sequence LIMIT ?');
  let prevHash = ACCESS_LOG_GENESIS;
  let after = 0;
  let entries = 0;
  for (let index = 0; index < VERIFY_PAGES_MAX; index++) {
    const rows = page.all(after, VERIFY_PAGE) as ChainRow[];
    for (const row of rows) {
      const expected = entryHash(prevHash, { at: row.at, principal: row.principal, personId: row.person_id, what: row.what, route: row.route });
      if (row.prev_hash !== prevHash || row.hash !== expected) return { entries, brokenAt: row.sequence };
      prevHash = row.hash;
      after = row.sequence;
      entries += 1;
    }
    if (rows.length < VERIFY_PAGE) return { entries, brokenAt: null };
  }
  throw new Error(`access log longer than ${VERIFY_PAGES_MAX} pages of ${VERIFY_PAGE}`);
};
