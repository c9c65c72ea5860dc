import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { walkAccessChain } from './sqlite-access-log';

/** What the verification says of the access log: how many entries held, and where the chain broke. */
export interface AccessLogCheck {
  readonly entriesChecked: number;
  /** The first entry edited, or after a removed one; null when the chain holds. */
  readonly brokenAt: number | null;
}

/**
 * Checks the access log's hash chain on a read-only connection of its own, so `verify` and
 * `GET /audit/verify` can run beside the service that writes it (the log is in WAL mode). Null when
 * there is no log file (a data directory no read of personal data has reached yet).
 */
export const verifyAccessLogFile = (file: string): AccessLogCheck | null => {
  if (!existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const { entries, brokenAt } = walkAccessChain(db);
    return { entriesChecked: entries, brokenAt };
  } finally {
    db.close();
  }
};
