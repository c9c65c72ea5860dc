import BetterSqlite3, { type Database } from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckpointThreadData, FromCheckpointThread, ToCheckpointThread } from './wal-checkpointer';

/**
 * The checkpoint thread (wal-checkpointer.ts): its own connection to the database's file copies the
 * WAL's committed pages back into the database, so the writer's commits never wait for it. A notice
 * of a commit schedules one PASSIVE checkpoint (it never blocks the writer or a reader), at most one
 * per `minIntervalMs`, so a busy store is checkpointed in batches rather than after every commit.
 */

const port = parentPort;
if (!port) throw new Error('wal-checkpoint.worker runs on a worker thread only');
const { file, minIntervalMs } = workerData as CheckpointThreadData;

let db: Database | null = null;
let scheduled: NodeJS.Timeout | null = null;
let lastStarted = 0;

const post = (message: FromCheckpointThread): void => port.postMessage(message);

const stop = (): void => {
  if (scheduled !== null) clearTimeout(scheduled);
  db?.close();
  db = null;
  port.close();
};

/** Reports what went wrong in words (a thrown SQLite error may reach the service without them) and ends the thread. */
const fail = (error: unknown): void => {
  post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  stop();
};

const checkpoint = (): void => {
  scheduled = null;
  lastStarted = Date.now();
  try {
    const [result] = db!.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
    post({ kind: 'checkpointed', walFrames: result?.log ?? 0, checkpointedFrames: result?.checkpointed ?? 0 });
  } catch (error) {
    fail(error);
  }
};

try {
  db = new BetterSqlite3(file, { fileMustExist: true });
  // A checkpoint syncs the database file before the WAL may be reused. For a connection that only
  // checkpoints, FULL and NORMAL sync alike (the WAL before the copy, the file after it); FULL says so plainly.
  db.pragma('synchronous = FULL');
  db.pragma('wal_autocheckpoint = 0');
  port.on('message', (message: ToCheckpointThread) => {
    if (message.kind === 'stop') return stop();
    if (scheduled !== null) return;
    scheduled = setTimeout(checkpoint, Math.max(0, lastStarted + minIntervalMs - Date.now()));
  });
} catch (error) {
  fail(error);
}
