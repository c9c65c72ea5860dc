import { join } from 'node:path';
import { LEDGER_PROJECTIONS } from '../../src/projections/ledger-projections';
import { activeBuild } from '../../src/projections/projection-builds';
import { rebuildProjections } from '../../src/projections/projection-rebuild';
import { ProjectionRunner } from '../../src/projections/projection.runner';
import { openReadDatabase, type ReadDatabase } from '../../src/projections/read-database';
import { BACKSTOP_WAL_PAGES, INLINE_WAL_PAGES, type WalCheckpoints } from '../../src/shared/wal-checkpointer';
import { appendEvents, claimSettled, payouts } from './support/ledger-fixtures';
import { STORE_FACTORIES, type StoreUnderTest } from './support/stores';
import { eventually } from '../support/eventually';

/**
 * The read database's WAL checkpoints (WAL_CHECKPOINTS): inline in the runner's batch commits, or on
 * a thread of their own while the runner runs, as the event store's are. A rebuild writes the whole
 * read database, and checkpoints inside its commits took about a tenth of its time.
 */

const autocheckpoint = (db: ReadDatabase): number => Number(db.pragma('wal_autocheckpoint', { simple: true }));

const claims = (count: number) =>
  Array.from({ length: count }, (_, index) =>
    claimSettled({ claimId: `c-${index + 1}`, personId: `p-${index % 5}`, sequence: index + 1, payouts: payouts('100.00', '0.00', '10.00') }),
  );

/** Every active build's rows, table by table, as JSON documents: what two read databases must agree on. */
const activeRows = (db: ReadDatabase): Record<string, unknown[]> => {
  const rows: Record<string, unknown[]> = {};
  for (const projection of LEDGER_PROJECTIONS) {
    for (const [table, physical] of Object.entries(activeBuild(db, projection.name)?.tables ?? {})) {
      rows[`${projection.name}.${table}`] = db.prepare(`SELECT key, doc FROM "${physical}" ORDER BY key`).all();
    }
  }
  return rows;
};

const [, sqliteStore] = STORE_FACTORIES.find(([name]) => name === 'SQLite store')!;

describe('read database checkpoints', () => {
  let subject: StoreUnderTest;
  const opened: ReadDatabase[] = [];
  const open = (dataDir: string): ReadDatabase => {
    const db = openReadDatabase(dataDir);
    opened.push(db);
    return db;
  };

  beforeEach(async () => {
    subject = sqliteStore();
    await appendEvents(subject.store, claims(40));
  });

  afterEach(async () => {
    for (const db of opened.splice(0)) if (db.open) db.close();
    await subject.dispose();
  });

  it('run on a thread while the runner runs, with SQLite\'s own checkpoints kept as a backstop, and inline again once it stops', async () => {
    const db = open(subject.dataDir);
    const runner = new ProjectionRunner(subject.store, db, LEDGER_PROJECTIONS, { walCheckpoints: 'thread', batchSize: 8 });
    await runner.start();
    expect(autocheckpoint(db)).toBe(BACKSTOP_WAL_PAGES);
    await eventually('the thread checkpointed the batches', () => (runner.checkpointStatus()?.lastCheckpointedFrames ?? 0) > 0);
    expect(runner.checkpointStatus()).toMatchObject({ running: true, failure: null });
    await runner.stop();
    expect(runner.checkpointStatus()).toBeNull();
    expect(autocheckpoint(db)).toBe(INLINE_WAL_PAGES);
  });

  it('run inline by default: no thread, SQLite\'s threshold unchanged', async () => {
    const db = open(subject.dataDir);
    const runner = new ProjectionRunner(subject.store, db, LEDGER_PROJECTIONS);
    await runner.catchUp();
    expect(runner.checkpointStatus()).toBeNull();
    expect(autocheckpoint(db)).toBe(INLINE_WAL_PAGES);
    await runner.stop();
  });

  it('change nothing a rebuild writes: the same rows with checkpoints on a thread as inline, and the thread is gone after it', async () => {
    const rebuild = (db: ReadDatabase, walCheckpoints: WalCheckpoints) =>
      rebuildProjections({ store: subject.store, db, projections: LEDGER_PROJECTIONS, batchSize: 8, clock: () => new Date('2024-01-02T00:00:00Z'), walCheckpoints });
    const inline = open(subject.dataDir);
    const threaded = open(join(subject.dataDir, 'second'));
    await rebuild(inline, 'inline');
    await rebuild(threaded, 'thread');
    expect(autocheckpoint(threaded)).toBe(INLINE_WAL_PAGES);
    expect(Object.keys(activeRows(inline))).toHaveLength(LEDGER_PROJECTIONS.reduce((tables, projection) => tables + projection.tables.length, 0));
    expect(activeRows(threaded)).toEqual(activeRows(inline));
  });
});
