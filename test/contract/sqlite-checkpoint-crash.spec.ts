import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { temporaryDirectories } from '../support/temporary-directories';

/**
 * An acknowledged append survives a crash with the WAL checkpointed on its own thread: a process
 * appending without pause, while its checkpoint thread copies pages back, is killed with SIGKILL;
 * reopened, the store holds every append it acknowledged and its hash chains verify.
 */

const { newDir, removeAll } = temporaryDirectories('benefits-ledger-checkpoint-crash-');
afterAll(removeAll);

/** How long the forked child may take to compile (ts-node), start and reach the kill point. */
const CHILD_MS = 90_000;
/** Killed once it has acknowledged this many appends and its thread has checkpointed this often. */
const KILL_AFTER_APPENDS = 2_000;
const KILL_AFTER_CHECKPOINTS = 3;

interface Progress {
  readonly acknowledged: number;
  readonly checkpoints: number;
}

describe('a store killed with SIGKILL while its checkpoint thread works', () => {
  let child: ChildProcess | null = null;

  afterEach(() => {
    if (child !== null && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child = null;
  });

  it('keeps every acknowledged append, and its chains verify', async () => {
    const dataDir = newDir();
    const started = fork(join(__dirname, 'support', 'checkpoint-crash-child.ts'), [], {
      execArgv: ['-r', 'ts-node/register/transpile-only'],
      env: { ...process.env, DATA_DIR: dataDir },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child = started;
    let last: Progress = { acknowledged: 0, checkpoints: 0 };
    const killed = new Promise<NodeJS.Signals | null>((resolve, reject) => {
      started.on('message', (progress: Progress) => {
        last = progress;
        if (progress.acknowledged >= KILL_AFTER_APPENDS && progress.checkpoints >= KILL_AFTER_CHECKPOINTS) started.kill('SIGKILL');
      });
      started.on('exit', (_code, signal) => resolve(signal));
      setTimeout(() => reject(new Error(`the child did not reach the kill point in ${CHILD_MS} ms (${JSON.stringify(last)})`)), CHILD_MS).unref();
    });
    expect(await killed).toBe('SIGKILL');
    // `last` is at most what the child had acknowledged (a message may be lost with it), never more.
    expect(last.acknowledged).toBeGreaterThanOrEqual(KILL_AFTER_APPENDS);

    const reopened = new SqliteEventStore(dataDir);
    try {
      expect(Number(await reopened.headPosition())).toBeGreaterThanOrEqual(last.acknowledged);
      const report = await reopened.verifyAll();
      expect(report.breaks).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.eventsChecked).toBeGreaterThanOrEqual(last.acknowledged);
    } finally {
      await reopened.close();
    }
  }, CHILD_MS + 30_000);
});
