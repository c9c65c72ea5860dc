import type { CheckpointStore } from '../ledger/checkpoint.port';
import type { ReadDatabase } from './read-database';

/** Process-manager checkpoints in the read database, beside the projections' own. */
export const readDatabaseCheckpoints = (db: ReadDatabase): CheckpointStore => {
  db.exec(`CREATE TABLE IF NOT EXISTS process_manager_checkpoints (
    name TEXT PRIMARY KEY, position INTEGER NOT NULL, updated_at TEXT NOT NULL)`);
  const select = db.prepare('SELECT position FROM process_manager_checkpoints WHERE name = ?');
  const upsert = db.prepare(`INSERT INTO process_manager_checkpoints (name, position, updated_at) VALUES (?, ?, ?)
    ON CONFLICT(name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`);
  return {
    read: (name) => BigInt((select.get(name) as { position: number } | undefined)?.position ?? 0),
    save: (name, position) => {
      upsert.run(name, position, new Date().toISOString());
    },
  };
};
