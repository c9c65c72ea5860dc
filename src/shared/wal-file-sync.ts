import { closeSync, existsSync, fdatasync, fdatasyncSync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

interface Batch {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

const newBatch = (): Batch => {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((onResolve, onReject) => ((resolve = onResolve), (reject = onReject)));
  return { promise, resolve, reject };
};

/**
 * Makes what a SQLite connection in WAL mode with `synchronous = NORMAL` committed durable, by syncing
 * its write-ahead log file. With NORMAL, a commit writes its frames to the log without waiting for the
 * disk; after `syncNow()` returns, or the promise of `sync()` resolves, every frame written before the
 * call is on disk, which is what `synchronous = FULL` gives at each commit. The difference is where
 * the wait happens: `sync()` runs `fdatasync` on libuv's thread pool, so the event loop goes on with
 * other work while the disk writes, at most one sync runs at a time, and the callers that arrive
 * while it runs share the next one. A crash before a sync loses at most the log's unsynced tail:
 * SQLite's recovery keeps the frames up to the first one whose checksum does not match, so what is
 * left is always a prefix of what was committed.
 *
 * The log file must stay the one SQLite writes to: it is opened after the first commit, and the
 * connection that wrote it must stay open until `close()` (SQLite removes the log only when the last
 * connection closes).
 */
export class WalFileSync {
  private fd: number | null = null;
  /** The callers of the sync that starts next. */
  private waiting: Batch | null = null;
  private running = false;
  private closing = false;
  /** Why the sync of `close()` failed, if it did. */
  private closeFailure: unknown = null;

  constructor(private readonly databaseFile: string) {}

  /** Blocks until every frame written so far is on disk. */
  syncNow(): void {
    const fd = this.open();
    if (fd !== null) fdatasyncSync(fd);
  }

  /** Resolves once every frame written before this call is on disk; rejects if the sync fails. */
  sync(): Promise<void> {
    // Nothing is committed after close(), whose sync covered everything before it.
    if (this.closing) return Promise.resolve();
    this.waiting ??= newBatch();
    const { promise } = this.waiting;
    if (!this.running) this.runNext();
    return promise;
  }

  /**
   * Syncs what is left, then closes the log file once no sync is running. Every caller still waiting
   * is answered by that last sync.
   */
  close(): void {
    if (this.closing) return;
    try {
      this.syncNow();
    } catch (error) {
      this.closeFailure = error;
    }
    this.closing = true;
    // The callers still waiting share the outcome of that last sync, as they would a sync of their own.
    if (this.closeFailure === null) this.waiting?.resolve();
    else this.waiting?.reject(this.closeFailure);
    this.waiting = null;
    if (!this.running) this.closeFile();
    if (this.closeFailure !== null) throw this.closeFailure;
  }

  private runNext(): void {
    const batch = this.waiting;
    this.waiting = null;
    if (batch === null) return;
    const fd = this.open();
    if (fd === null) return batch.resolve();
    this.running = true;
    fdatasync(fd, (error) => {
      this.running = false;
      // After close() a failure is of a sync its own synchronous sync has already done again, unless that failed too.
      if (error && (!this.closing || this.closeFailure !== null)) batch.reject(error);
      else batch.resolve();
      if (this.closing) this.closeFile();
      else this.runNext();
    });
  }

  /** The log's descriptor; null for a database without a log file (`:memory:`). */
  private open(): number | null {
    if (this.fd !== null || this.closing) return this.fd;
    const file = `${this.databaseFile}-wal`;
    if (this.databaseFile === ':memory:' || !existsSync(file)) return null;
    this.fd = openSync(file, 'r+');
    syncDirectoryOf(file);
    return this.fd;
  }

  private closeFile(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }
}

/** What opening or syncing a directory answers on a platform that does not do it (Windows). */
const DIRECTORY_SYNC_UNSUPPORTED: ReadonlySet<string> = new Set(['EISDIR', 'EPERM', 'EINVAL']);

const unsupported = (error: unknown): boolean => DIRECTORY_SYNC_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '');

/**
 * The log's directory entry, once: a log file created since the directory was last synced would be
 * lost with it. Where the platform cannot open or sync a directory (Windows), its file system keeps
 * the entry itself, as SQLite assumes there too.
 */
const syncDirectoryOf = (file: string): void => {
  let directory: number;
  try {
    directory = openSync(dirname(file), 'r');
  } catch (error) {
    if (unsupported(error)) return;
    throw error;
  }
  try {
    fsyncSync(directory);
  } catch (error) {
    if (!unsupported(error)) throw error;
  } finally {
    closeSync(directory);
  }
};
