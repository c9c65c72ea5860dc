import { chmodSync, closeSync, openSync } from 'node:fs';

/**
 * Creates `file` with mode 0600 (or makes an existing one 0600) before SQLite opens it: SQLite gives
 * its write-ahead log and shared-memory index the database file's mode, so they are private too.
 */
export const createPrivateFile = (file: string): void => {
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
};
