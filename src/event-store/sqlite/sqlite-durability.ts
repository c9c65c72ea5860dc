import type { Database } from 'better-sqlite3';
import { WalFileSync } from '../../shared/wal-file-sync';
import { StoreNotWritable } from '../event-store.port';
import { ReadHorizon } from './read-horizon';

/**
 * When the embedded store's commits reach the disk, and what readers may see meanwhile. The writer's
 * connection commits with `synchronous = NORMAL`, and each group commit's write-ahead log is synced
 * by `WalFileSync` on libuv's thread pool before its appends are answered: the event loop decides
 * the next commands while the disk writes, where `synchronous = FULL` held it for the whole sync (on
 * disks whose syncs take milliseconds, most of a settlement's wall time). An answered append is as
 * durable as before; the `ReadHorizon` keeps readers from what is not yet.
 *
 * A failed sync leaves the log's tail unknown (Linux may have dropped the pages it could not write),
 * so the store then refuses every append until the service is restarted and SQLite recovers the log,
 * and the horizon stays where the last good sync left it.
 */
export class SqliteDurability {
  private failure: StoreNotWritable | null = null;

  private constructor(
    readonly horizon: ReadHorizon,
    /** Null where each commit syncs itself (a database not in WAL mode) or nothing is written (a follower). */
    private readonly wal: WalFileSync | null,
  ) {}

  /**
   * The writer's: its connection in WAL mode commits with NORMAL and `wal` syncs after each group;
   * where SQLite could not enter WAL mode, FULL makes every commit wait for the disk as before.
   */
  static forWriter(db: Database, file: string): SqliteDurability {
    const inWalMode = db.pragma('journal_mode = WAL', { simple: true }) === 'wal';
    db.pragma(inWalMode ? 'synchronous = NORMAL' : 'synchronous = FULL');
    return new SqliteDurability(new ReadHorizon(), inWalMode ? new WalFileSync(file) : null);
  }

  /** A reader's: it obeys the writer's horizon when given its buffer (the projection thread), else sees every commit. */
  static forReader(writerHorizon: SharedArrayBuffer | undefined): SqliteDurability {
    return new SqliteDurability(new ReadHorizon(writerHorizon ?? null), null);
  }

  /**
   * Makes what the file holds durable before anything is read from it: a process killed before its
   * last sync leaves committed pages that only the operating system's cache holds.
   */
  syncOnOpen(): void {
    this.wal?.syncNow();
  }

  /** The refusal every append gets once a sync has failed, else null. */
  refusal(): StoreNotWritable | null {
    return this.failure;
  }

  /** Before a group's transaction: `durableHead`, the highest position committed so far, is on disk. */
  beforeCommit(durableHead: bigint): void {
    if (this.wal !== null && this.failure === null) this.horizon.lower(durableHead);
  }

  /** After the group's commit: resolves once it is on disk, and lifts the horizon. A group refused after a failure committed nothing. */
  async afterCommit(): Promise<void> {
    if (this.wal === null || this.failure !== null) return;
    try {
      await this.wal.sync();
    } catch (error) {
      const reason = `the event log could not be synced to disk (${error instanceof Error ? error.message : String(error)}); restart the service once the disk is sound`;
      this.failure ??= new StoreNotWritable(reason, 'STORE_NOT_DURABLE');
      throw this.failure;
    }
    if (this.failure === null) this.horizon.lift();
  }

  /**
   * Syncs whatever was committed last (the appends drained on close), answering every append still
   * waiting. After a failed sync the store is already refusing writes, so a second failure here is
   * not thrown again; the first one is what the operator has to act on.
   */
  close(): void {
    try {
      this.wal?.close();
    } catch (error) {
      if (this.failure === null) throw error;
      return;
    }
    if (this.failure === null) this.horizon.lift();
  }
}
