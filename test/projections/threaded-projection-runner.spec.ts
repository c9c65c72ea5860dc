import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { openReadDatabase, type ReadDatabase } from '../../src/projections/read-database';
import { ReadModels } from '../../src/projections/read-models';
import { ThreadedProjectionRunner } from '../../src/projections/threaded-projection-runner';
import { holdSyncs } from '../support/held-syncs';

/**
 * The projection thread against a real embedded store and read database: it catches up, follows the
 * writer's commits (woken by them, not by its poll) once they are on disk, is started again when it
 * dies, and stops.
 */
describe('ThreadedProjectionRunner', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  let db: ReadDatabase;
  let runner: ThreadedProjectionRunner;
  const warnings: string[] = [];

  const register = async (personId: string): Promise<bigint> => {
    const metadata = { eventId: randomUUID(), schemaVersion: 1, correlationId: 'c', causationId: 'c', actor: 'test', recordedAt: '2023-01-01T00:00:00.000Z' };
    const result = await store.appendToStream(`person-${personId}`, [{ type: 'PersonRegistered', data: { personId, region: 'heze', scheme: 'RESIDENT' }, metadata }], 'noStream');
    return result.position;
  };

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'threaded-runner-'));
    store = new SqliteEventStore(dataDir);
    await register('p-before');
    db = openReadDatabase(dataDir);
    runner = new ThreadedProjectionRunner({
      store: { dataDir, readHorizon: store.readHorizon },
      dataDir,
      headPosition: () => store.headPosition(),
      onAppended: (listener) => store.onAppended(listener),
      log: (level, message) => level === 'warn' && warnings.push(message),
      // A poll this slow never answers within a test: only the wake-up from the writer's commit can.
      pollIntervalMs: 600_000,
    });
  });

  afterEach(async () => {
    await runner.stop();
    db.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('given events before the start, when started, then it has caught up and reports every build', async () => {
    await runner.start();
    expect(await runner.waitForPosition(await store.headPosition(), 1)).toBe(true);
    expect(new ReadModels(db).isRegistered('p-before')).toBe(true);
    const lag = await runner.lag();
    expect(lag).toMatchObject({ state: 'live', behind: '0' });
    expect(lag.builds.length).toBeGreaterThan(0);
  }, 60_000);

  it('given a commit of the writer, then the thread is woken by it and projects it', async () => {
    await runner.start();
    const position = await register('p-live');
    expect(await runner.waitForPosition(position, 10_000)).toBe(true);
    expect(new ReadModels(db).isRegistered('p-live')).toBe(true);
  }, 60_000);

  it('given a commit whose log sync has not finished, then the thread, polling meanwhile, projects it only after the sync', async () => {
    await runner.stop();
    runner = new ThreadedProjectionRunner({
      store: { dataDir, readHorizon: store.readHorizon },
      dataDir,
      headPosition: () => store.headPosition(),
      onAppended: (listener) => store.onAppended(listener),
      // A poll this fast reads the table while the commit below is still being synced.
      pollIntervalMs: 20,
    });
    await runner.start();
    const syncs = holdSyncs();
    try {
      const registering = register('p-held');
      while (syncs.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(new ReadModels(db).isRegistered('p-held')).toBe(false);
      syncs.calls[0]!.finish(null);
      expect(await runner.waitForPosition(await registering, 10_000)).toBe(true);
      expect(new ReadModels(db).isRegistered('p-held')).toBe(true);
    } finally {
      syncs.restore();
    }
  }, 60_000);

  it('given the thread dies, then it is started again and catches up', async () => {
    await runner.start();
    const worker = (runner as unknown as { worker: Worker }).worker;
    await worker.terminate();
    const position = await register('p-after-restart');
    expect(await runner.waitForPosition(position, 30_000)).toBe(true);
    expect(warnings.some((message) => /projection thread exited/.test(message))).toBe(true);
  }, 60_000);

  it('given it is stopped, then a wait beyond what it reached answers false at once', async () => {
    await runner.start();
    await runner.stop();
    const position = await register('p-after-stop');
    expect(await runner.waitForPosition(position, 5_000)).toBe(false);
    expect((await runner.lag()).state).toBe('stopped');
  }, 60_000);
});
