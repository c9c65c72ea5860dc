import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ReadDatabase } from '../../src/projections/read-database';

/** Sizes on disk of the bench's stores, for the write-amplification figures. */

/**
 * Bytes per event of the largest tables of the read database (SQLite's dbstat), so a projection whose
 * rows grow faster than its events shows by name. Empty when this SQLite build lacks dbstat.
 */
export const tableBytes = (db: ReadDatabase, events: number): string => {
  try {
    const rows = db.prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 8').all() as Array<{ name: string; bytes: number }>;
    return rows.map((row) => `${row.name} ${Math.round(row.bytes / Math.max(1, events))}`).join(', ');
  } catch {
    return 'dbstat not available';
  }
};

/** Bytes of a SQLite database with its WAL and shared-memory files. */
export const filesSize = (directory: string, file: string): number =>
  readdirSync(directory)
    .filter((name) => name === file || name.startsWith(`${file}-`))
    .reduce((sum, name) => sum + statSync(join(directory, name)).size, 0);

/**
 * Bytes of a database once its WAL is copied back and emptied: the WAL holds copies of pages, and its
 * file keeps its largest size (up to the checkpoint thread's backstop), which would count pages twice.
 */
export const checkpointedSize = (connection: { pragma(source: string): unknown }, directory: string, file: string): number => {
  connection.pragma('wal_checkpoint(TRUNCATE)');
  return filesSize(directory, file);
};

export const mibOf = (bytes: number): number => Math.round(bytes / 1024 / 1024);
