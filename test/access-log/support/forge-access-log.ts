import Database from 'better-sqlite3';
import { join } from 'node:path';
import { ACCESS_LOG_FILE } from '../../../src/access-log/sqlite-access-log';

/**
 * Runs `sql` on the access log of `dir` as a forger would: the append-only triggers only stop SQL that
 * runs with them in place, so they are dropped first.
 */
export const forgeAccessLog = (dir: string, sql: string): void => {
  const db = new Database(join(dir, ACCESS_LOG_FILE));
  db.exec('DROP TRIGGER IF EXISTS access_log_no_update; DROP TRIGGER IF EXISTS access_log_no_delete;');
  db.exec(sql);
  db.close();
};
