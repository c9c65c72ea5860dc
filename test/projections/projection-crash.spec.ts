import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { LEDGER_PROJECTIONS } from '../../src/projections/ledger-projections';
import { activeTable, listBuilds } from '../../src/projections/projection-builds';
import { ProjectionRunner } from '../../src/projections/projection.runner';
import { openReadDatabase, type ReadDatabase } from '../../src/projections/read-database';
import { appendEvents, claimSettled, payouts } from './support/ledger-fixtures';

const EVENTS = 300;
const BATCH_SIZE = 100;
/** In the middle of the second batch: the first batch is committed, the second is half applied. */
const STALL_AT = 150n;
/** How long the forked child may take to start and reach the stall (ts-node compiles it first). */
const CHILD_START_MS = 90_000;

const basicTotal = (db: ReadDatabase): string => {
  const table = activeTable(db, 'fund-totals', 'totals')!;
  const rows = db.prepare(`SELECT doc FROM "${table}" WHERE tier = 'basic'`).all() as Array<{ doc: string }>;
  return rows.reduce((total, { doc }) => total + Number((JSON.parse(doc) as { total: string }).total), 0).toFixed(2);
};

const indexedEvents = (db: ReadDatabase): number => {
  const table = activeTable(db, 'event-index', 'events')!;
  return (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
};

const waitFor = async (condition: () => boolean, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  // Polls at most timeoutMs / 25 times.
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

describe('a projection process killed with SIGKILL in the middle of a batch', () => {
  let dataDir: string;
  // The child has an IPC channel to this worker: left running (a failed wait), it keeps the test
  // process alive for ever. It is killed whatever the outcome.
  let child: ChildProcess | null = null;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'projection-crash-'));
  });

  afterEach(() => {
    if (child !== null && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child = null;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves rows and checkpoints of the last committed batch only, and a restart counts every event once', async () => {
    const store = new SqliteEventStore(join(dataDir, 'events'));
    const claims = Array.from({ length: EVENTS }, (_, index) =>
      claimSettled({ claimId: `c-${index + 1}`, personId: `p-${index % 7}`, sequence: Math.floor(index / 7) + 1, payouts: payouts('100.00') }),
    );
    // Appended concurrently so the store's group commit takes them in a few fsyncs; their order does not matter here.
    await Promise.all(claims.map((claim) => appendEvents(store, [claim])));

    child = fork(join(__dirname, 'support', 'crash-child.ts'), [], {
      execArgv: ['-r', 'ts-node/register/transpile-only'],
      env: { ...process.env, DATA_DIR: dataDir, STALL_AT: String(STALL_AT), BATCH_SIZE: String(BATCH_SIZE) },
      stdio: 'inherit',
    });
    const started = child;
    const exited = new Promise<NodeJS.Signals | null>((resolve) => started.on('exit', (_code, signal) => resolve(signal)));
    try {
      // The child compiles itself with ts-node first: on a busy machine that alone can take a minute.
      await waitFor(() => existsSync(join(dataDir, 'stalled')) || existsSync(join(dataDir, 'finished')), CHILD_START_MS);
    } catch (error) {
      await store.close();
      throw error;
    }
    expect(existsSync(join(dataDir, 'finished'))).toBe(false);
    started.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const db = openReadDatabase(dataDir);
    try {
      // Only the first batch survived, for every projection, rows and checkpoint alike.
      for (const projection of LEDGER_PROJECTIONS) {
        expect(listBuilds(db, projection.name).map((build) => build.position)).toEqual([BigInt(BATCH_SIZE)]);
      }
      expect(basicTotal(db)).toBe((BATCH_SIZE * 100).toFixed(2));
      expect(indexedEvents(db)).toBe(BATCH_SIZE);

      await new ProjectionRunner(store, db, LEDGER_PROJECTIONS, { batchSize: BATCH_SIZE }).catchUp();
      expect(basicTotal(db)).toBe((EVENTS * 100).toFixed(2));
      expect(indexedEvents(db)).toBe(EVENTS);
    } finally {
      db.close();
      await store.close();
    }
  }, CHILD_START_MS + 60_000);
});
