import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { spawnWorker } from './worker-job';

/**
 * WAL checkpoints on a thread of their own, for the event store and the read database. SQLite
 * checkpoints inside the commit that crosses `wal_autocheckpoint` (1,000 pages), on the writer's
 * thread: copying those pages into the database file and syncing it. On a large store every append
 * dirties pages spread over the file (its random-key indexes), so the checkpoints grow with the
 * population; measured at 850,000 persons they were a sixth of the bulk claims' time, and in a
 * rebuild of the read models about a tenth of its time (docs/performance-history.md, rounds 5 and 7).
 *
 * With the checkpointer, the writer keeps `wal_autocheckpoint` only as a backstop
 * (`BACKSTOP_WAL_PAGES`) and tells the thread after each commit; the thread runs PASSIVE checkpoints
 * (which never block the writer) at most every `MIN_INTERVAL_MS`. Durability does not change:
 * a commit is synced to the WAL before it is answered, and the checkpoint syncs the database file
 * before SQLite reuses the WAL. If the thread fails, the writer goes back to checkpointing inline.
 */

/** Where a SQLite file's WAL checkpoints run (WAL_CHECKPOINTS): on a thread of their own, or inline in the commits. */
export const WAL_CHECKPOINT_MODES = ['thread', 'inline'] as const;
export type WalCheckpoints = (typeof WAL_CHECKPOINT_MODES)[number];

/** Pages the WAL may hold before the writer checkpoints inline after all (the thread fell behind or died). */
export const BACKSTOP_WAL_PAGES = 10_000;
/** SQLite's own default, restored when the thread is gone. */
export const INLINE_WAL_PAGES = 1_000;
/** At most one checkpoint per this many milliseconds: a busy store is checkpointed in batches. */
export const MIN_INTERVAL_MS = 100;
/** How long `stop()` waits for the thread to close its connection before terminating it. */
const STOP_TIMEOUT_MS = 5_000;

export interface CheckpointThreadData {
  readonly file: string;
  readonly minIntervalMs: number;
}

export type ToCheckpointThread = { readonly kind: 'committed' } | { readonly kind: 'stop' };
export type FromCheckpointThread =
  | { readonly kind: 'checkpointed'; readonly walFrames: number; readonly checkpointedFrames: number }
  | { readonly kind: 'failed'; readonly message: string };

/** What the thread reported last; `running` is false once it stopped or failed. */
export interface CheckpointerStatus {
  readonly running: boolean;
  readonly checkpoints: number;
  readonly lastWalFrames: number;
  readonly lastCheckpointedFrames: number;
  readonly failure: string | null;
}

/** An error the thread did not catch arrives as a copy, which may have lost its message (then its code says most). */
const messageOf = (error: unknown): string => {
  const { message, code } = (typeof error === 'object' && error !== null ? error : {}) as { message?: unknown; code?: unknown };
  return typeof message === 'string' ? message : typeof code === 'string' ? code : String(error);
};

export class WalCheckpointer {
  private worker: Worker | null;
  private stopping = false;
  private status: CheckpointerStatus = { running: true, checkpoints: 0, lastWalFrames: 0, lastCheckpointedFrames: 0, failure: null };
  private exited: Promise<void>;

  /** `onFailure` is told once if the thread fails, so the writer can checkpoint inline again. */
  constructor(file: string, onFailure: (reason: string) => void, minIntervalMs = MIN_INTERVAL_MS) {
    const data: CheckpointThreadData = { file, minIntervalMs };
    const worker = spawnWorker(join(__dirname, 'wal-checkpoint.worker'), data);
    this.worker = worker;
    const failed = (reason: string): void => {
      if (!this.status.running) return;
      this.status = { ...this.status, running: false, failure: reason };
      this.worker = null;
      onFailure(reason);
    };
    worker.on('message', (message: FromCheckpointThread) => {
      if (message.kind === 'failed') return failed(message.message);
      const { checkpoints } = this.status;
      this.status = { ...this.status, checkpoints: checkpoints + 1, lastWalFrames: message.walFrames, lastCheckpointedFrames: message.checkpointedFrames };
    });
    worker.on('error', (error: unknown) => failed(messageOf(error)));
    this.exited = new Promise((resolve) =>
      worker.on('exit', (code) => {
        if (this.stopping) this.status = { ...this.status, running: false };
        else failed(`the checkpoint thread exited with code ${code}`);
        resolve();
      }),
    );
  }

  get current(): CheckpointerStatus {
    return this.status;
  }

  /** A commit was made: the thread checkpoints within `MIN_INTERVAL_MS`. */
  committed(): void {
    this.post({ kind: 'committed' });
  }

  /** Lets the thread close its connection, terminating it if it does not within `STOP_TIMEOUT_MS`. */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.stopping = true;
    if (worker === null) return;
    this.post({ kind: 'stop' });
    const timeout = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timeout);
    this.worker = null;
  }

  private post(message: ToCheckpointThread): void {
    this.worker?.postMessage(message);
  }
}

/**
 * Checkpoints the WAL of `db` (a file, opened for writing) on a thread from now on: the connection
 * keeps `wal_autocheckpoint` only as a backstop, and takes checkpointing back inline if the thread
 * fails (then `onFailure` is told why). The caller tells the checkpointer after its commits and stops
 * it before closing `db`.
 */
export const checkpointOnThread = (db: Database, onFailure?: (reason: string) => void): WalCheckpointer => {
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_WAL_PAGES}`);
  return new WalCheckpointer(db.name, (reason) => {
    // The thread is gone: checkpoint in the commits again, as SQLite does by default.
    if (db.open) db.pragma(`wal_autocheckpoint = ${INLINE_WAL_PAGES}`);
    onFailure?.(reason);
  });
};
