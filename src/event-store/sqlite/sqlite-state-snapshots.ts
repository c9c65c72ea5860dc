import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import BetterSqlite3, { type Database, type Statement } from 'better-sqlite3';
import { createPrivateFile } from '../../shared/private-file';
import type { StateSnapshotStore, StoredState } from '../state-snapshots.port';

/** The file beside the store in DATA_DIR; deleting it (service stopped or running) only costs the next reader its folds. */
export const STATE_SNAPSHOTS_FILE = 'state-snapshots.sqlite';

/** Kept states written at once: the caller flushes after each batch of streams, and never holds more than this. */
const MAX_PENDING = 1024;
const BUSY_TIMEOUT_MS = 5_000;

const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS state_snapshots (
  stream   TEXT PRIMARY KEY,
  format   TEXT NOT NULL,
  revision INTEGER NOT NULL,
  hash     TEXT NOT NULL,
  state    TEXT NOT NULL,
  mac      TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS state_snapshots_key (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  key_id TEXT NOT NULL
)`;

interface SnapshotRow {
  readonly format: string;
  readonly revision: bigint;
  readonly hash: string;
  readonly state: string;
  readonly mac: string;
}

export interface SnapshotCounts {
  /** Kept states read and found sound. */
  readonly used: number;
  /** Kept states whose MAC did not match: written by someone without the key, or damaged. */
  readonly refused: number;
  readonly written: number;
  /** Kept states that could not be written (see `flush`). */
  readonly dropped: number;
}

export const addSnapshotCounts = (a: SnapshotCounts, b: SnapshotCounts): SnapshotCounts => ({
  used: a.used + b.used,
  refused: a.refused + b.refused,
  written: a.written + b.written,
  dropped: a.dropped + b.dropped,
});

/**
 * Kept states in a SQLite file of their own (a cache beside the store, never the store itself).
 * Every row carries an HMAC-SHA256 of its stream, format, revision, hash and state under a key derived
 * from the checkpoint signing key, so a row changed by anyone without the key is refused, not
 * decoded: a changed state could otherwise hide a claim that a correction changes. The file names
 * the key it was written with (a digest of it), and forgets every state when opened with another.
 * Several threads
 * may hold the file at once (WAL, a busy timeout); each writes its batch in one transaction.
 */
export class SqliteStateSnapshots implements StateSnapshotStore {
  private readonly db: Database;
  private readonly select: Statement<[string], SnapshotRow>;
  private readonly upsert: Statement<[string, string, bigint, string, string, string]>;
  private readonly pending: Array<readonly [string, string, StoredState]> = [];
  private counts = { used: 0, refused: 0, written: 0, dropped: 0 };

  constructor(
    dataDir: string,
    private readonly key: Uint8Array,
    /** How long a write waits for another thread's; past it the batch is dropped (see `flush`). */
    busyTimeoutMs = BUSY_TIMEOUT_MS,
  ) {
    const file = join(dataDir, STATE_SNAPSHOTS_FILE);
    // The states name persons and their claims' amounts: private, as every file of the data directory.
    createPrivateFile(file);
    this.db = new BetterSqlite3(file, { timeout: busyTimeoutMs });
    this.db.pragma('journal_mode = WAL');
    // A cache: a state lost with the machine is folded again, so its commits need not reach the disk at once.
    this.db.pragma('synchronous = NORMAL');
    this.db.defaultSafeIntegers(true);
    this.db.exec(SCHEMA_SQL);
    this.forgetStatesOfAnotherKey();
    this.select = this.db.prepare('SELECT format, revision, hash, state, mac FROM state_snapshots WHERE stream = ?');
    this.upsert = this.db.prepare('INSERT OR REPLACE INTO state_snapshots (stream, format, revision, hash, state, mac) VALUES (?, ?, ?, ?, ?, ?)');
  }

  read(stream: string, format: string): StoredState | undefined {
    const row = this.select.get(stream);
    if (row === undefined || row.format !== format) return undefined;
    if (!this.sound(stream, row)) {
      this.counts.refused += 1;
      return undefined;
    }
    this.counts.used += 1;
    return { revision: row.revision, hash: row.hash, state: row.state };
  }

  keep(stream: string, format: string, stored: StoredState): void {
    this.pending.push([stream, format, stored]);
    if (this.pending.length >= MAX_PENDING) this.flush();
  }

  /**
   * Writes the kept states in one transaction. A write that fails (the disk full, the file locked past
   * the busy timeout) drops them and counts them: a cache that could not be written costs the next
   * run its folds, never the decisions of this one.
   */
  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.pending.length);
    try {
      this.db.transaction(() => {
        for (const [stream, format, { revision, hash, state }] of batch) this.upsert.run(stream, format, revision, hash, state, this.macOf(stream, format, revision, hash, state));
      })();
      this.counts.written += batch.length;
    } catch {
      this.counts.dropped += batch.length;
    }
  }

  /** What was read, refused and written since the last call. */
  takeCounts(): SnapshotCounts {
    const counts = this.counts;
    this.counts = { used: 0, refused: 0, written: 0, dropped: 0 };
    return counts;
  }

  close(): void {
    this.flush();
    this.db.close();
  }

  /**
   * States signed with another key (the signing key was replaced) can never be used: they are dropped
   * once, rather than each refused as if someone had changed it.
   */
  private forgetStatesOfAnotherKey(): void {
    const keyId = createHash('sha256').update(this.key).digest('hex').slice(0, 16);
    this.db.transaction(() => {
      const stored = this.db.prepare('SELECT key_id FROM state_snapshots_key WHERE id = 1').get() as { key_id: string } | undefined;
      if (stored?.key_id === keyId) return;
      this.db.exec('DELETE FROM state_snapshots');
      this.db.prepare('INSERT OR REPLACE INTO state_snapshots_key (id, key_id) VALUES (1, ?)').run(keyId);
    }).immediate();
  }

  private sound(stream: string, row: SnapshotRow): boolean {
    const expected = Buffer.from(this.macOf(stream, row.format, row.revision, row.hash, row.state), 'hex');
    const stored = Buffer.from(row.mac, 'hex');
    return stored.length === expected.length && timingSafeEqual(stored, expected);
  }

  private macOf(stream: string, format: string, revision: bigint, hash: string, state: string): string {
    // Each field ends with a NUL, which none of them holds, so no two rows' fields run into the same text.
    return createHmac('sha256', this.key).update(`${stream}\0${format}\0${revision.toString()}\0${hash}\0`).update(state).digest('hex');
  }
}
