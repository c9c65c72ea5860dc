import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { walkAccessChain } from './access-chain';

/** What the verification says of the access log: how many entries held, where the chain broke, and where it ends. */
export interface AccessLogCheck {
  readonly entriesChecked: number;
  /** The first entry edited, or after a removed one; null when the chain holds. */
  readonly brokenAt: number | null;
  /** The highest sequence the log holds; 0 when it holds none. */
  readonly lastSequence: number;
  /** The hash stored at each sequence asked for that the log still holds. */
  readonly hashesAt: ReadonlyMap<number, string>;
}

/**
 * Checks the access log's hash chain on a read-only connection of its own, so `verify` and
 * `GET /audit/verify` can run beside the service that writes it (the log is in WAL mode), and reads
 * the hashes stored at `sequences` (the heads signed checkpoints vouch for) from the same snapshot.
 * Null when there is no log file (a data directory no read of personal data has reached yet, or one
 * whose log was deleted).
 */
export const verifyAccessLogFile = (file: string, sequences: readonly number[] = []): AccessLogCheck | null => {
  if (!existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    // One read transaction: entries the service appends meanwhile cannot make the walk, the end and
    // the hashes disagree with one another.
    return db.transaction((): AccessLogCheck => {
      const { entries, brokenAt } = walkAccessChain(db);
      const last = db.prepare('SELECT MAX(sequence) AS sequence FROM access_log').get() as { sequence: number | null };
      const hashAt = db.prepare('SELECT hash FROM access_log WHERE sequence = ?');
      const hashesAt = new Map<number, string>();
      for (const sequence of sequences) {
        const row = hashAt.get(sequence) as { hash: string } | undefined;
        if (row) hashesAt.set(sequence, row.hash);
      }
      return { entriesChecked: entries, brokenAt, lastSequence: last.sequence ?? 0, hashesAt };
    })();
  } finally {
    db.close();
  }
};
