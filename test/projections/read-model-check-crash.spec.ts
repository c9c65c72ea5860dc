import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandOutput } from '../../src/cli/commands/projections-environment';
import { projectionsVerifyCommand } from '../../src/cli/commands/projections-verify.command';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { LEDGER_PROJECTIONS } from '../../src/projections/ledger-projections';
import { ProjectionRunner } from '../../src/projections/projection.runner';
import { openReadDatabase } from '../../src/projections/read-database';
import { CLI_CHECK_SCRATCH_PREFIX } from '../../src/projections/read-model-check';
import { makeScratchDirectory } from '../../src/projections/scratch-directories';
import { appendEvents, sampleHistory } from './support/ledger-fixtures';

/** How long the forked child may take to compile (ts-node), start and reach the stall. */
const CHILD_START_MS = 90_000;

const quiet: CommandOutput = { stdout: () => undefined, stderr: () => undefined, interactive: false };
const scratchDirectories = (dataDir: string): string[] => readdirSync(dataDir).filter((name) => name.startsWith(CLI_CHECK_SCRATCH_PREFIX));

const waitFor = async (condition: () => boolean, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  // Polls at most timeoutMs / 25 times.
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

/**
 * `projections verify` rebuilds every read model into a scratch database in the data directory, a
 * copy as large as the read models. A run stopped hard (SIGKILL, or Ctrl-C, which ends a Node process
 * without its `finally`) cannot remove it; the next run must, or every interrupted run leaves one more.
 */
describe('a read-model check killed with SIGKILL', () => {
  let dataDir: string;
  let child: ChildProcess | null = null;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'read-model-check-crash-'));
    const store = new SqliteEventStore(dataDir);
    const db = openReadDatabase(dataDir);
    await appendEvents(store, sampleHistory());
    await new ProjectionRunner(store, db, LEDGER_PROJECTIONS).catchUp();
    db.close();
    await store.close();
  });

  afterEach(() => {
    if (child !== null && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child = null;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves its scratch database behind, and the next `projections verify` removes it', async () => {
    // Given a check killed while it rebuilds into its scratch database
    const started = fork(join(__dirname, 'support', 'read-model-check-child.ts'), [], {
      execArgv: ['-r', 'ts-node/register/transpile-only'],
      env: { ...process.env, DATA_DIR: dataDir },
      stdio: 'inherit',
    });
    child = started;
    await waitFor(() => existsSync(join(dataDir, 'stalled')) || started.exitCode !== null, CHILD_START_MS);
    expect(existsSync(join(dataDir, 'stalled'))).toBe(true);
    const exited = new Promise((resolve) => started.on('exit', resolve));
    started.kill('SIGKILL');
    await exited;
    const killed = scratchDirectories(dataDir);
    expect(killed).toHaveLength(1);
    // And the directory of a check still running (this process's)
    const running = makeScratchDirectory(dataDir, CLI_CHECK_SCRATCH_PREFIX);

    // When the operator runs the check again
    expect(await projectionsVerifyCommand({ DATA_DIR: dataDir }, quiet)).toBe(0);

    // Then the killed check's scratch directory is gone, and the running one's is left alone
    expect(scratchDirectories(dataDir)).toEqual([running.slice(dataDir.length + 1)]);
  }, CHILD_START_MS + 30_000);
});
