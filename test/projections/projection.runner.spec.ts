import { fundTotalsProjection, type FundRow } from '../../src/projections/fund-totals.projection';
import { LEDGER_PROJECTIONS } from '../../src/projections/ledger-projections';
import type { Projection, TableDefinition } from '../../src/projections/projection';
import { activeBuild, activeTable, listBuilds } from '../../src/projections/projection-builds';
import { ProjectionRunner } from '../../src/projections/projection.runner';
import { openReadDatabase, type ReadDatabase } from '../../src/projections/read-database';
import { appendEvents, claimSettled, payouts } from './support/ledger-fixtures';
import { STORE_FACTORIES, type StoreUnderTest } from './support/stores';

/** A counting projection: one row per event type with the number of events seen; any double count shows. */
const counter = (version = 1, failAt: bigint | null = null): Projection => {
  const table: TableDefinition<{ type: string; count: number }> = { name: 'counts', columns: {}, indexes: [], columnsOf: () => ({}) };
  return {
    name: 'counter',
    version,
    tables: [table],
    apply: (rows, event) => {
      const row = rows.get(table, event.type) ?? { type: event.type, count: 0 };
      rows.put(table, event.type, { ...row, count: row.count + 1 });
      // Thrown after this event's row was written: the savepoint must take the whole batch's rows back.
      if (failAt !== null && event.position === failAt) throw new Error(`injected failure at ${failAt}`);
    },
  };
};

const counts = (db: ReadDatabase): Record<string, number> => {
  const table = activeTable(db, 'counter', 'counts');
  if (!table) return {};
  const rows = db.prepare(`SELECT doc FROM "${table}" ORDER BY key`).all() as Array<{ doc: string }>;
  return Object.fromEntries(rows.map(({ doc }) => JSON.parse(doc) as { type: string; count: number }).map((row) => [row.type, row.count]));
};

const fundTotal = (db: ReadDatabase, tier: string): string => {
  const table = activeTable(db, 'fund-totals', 'totals')!;
  const rows = (db.prepare(`SELECT doc FROM "${table}" WHERE tier = ?`).all(tier) as Array<{ doc: string }>).map(({ doc }) => JSON.parse(doc) as FundRow);
  return rows.reduce((total, row) => total + Number(row.total), 0).toFixed(2);
};

const claims = (count: number, offset = 0) =>
  Array.from({ length: count }, (_, index) =>
    claimSettled({ claimId: `c-${offset + index + 1}`, personId: `p-${(offset + index) % 3}`, sequence: offset + index + 1, payouts: payouts('100.00', '0.00', '10.00') }),
  );

describe.each(STORE_FACTORIES)('ProjectionRunner on the %s', (_name, makeStore) => {
  let subject: StoreUnderTest;
  let db: ReadDatabase;

  beforeEach(() => {
    subject = makeStore();
    db = openReadDatabase(subject.dataDir);
  });

  afterEach(async () => {
    db.close();
    await subject.dispose();
  });

  it('catches up in bounded batches and writes the checkpoint with the rows', async () => {
    const head = await appendEvents(subject.store, claims(7));
    const batches: number[] = [];
    const runner = new ProjectionRunner(subject.store, db, [counter(), fundTotalsProjection], { batchSize: 3, onBatch: (events) => batches.push(events) });
    expect(await runner.catchUp()).toBe(head);
    expect(batches).toEqual([3, 3, 1]);
    expect(counts(db)).toEqual({ ClaimSettled: 7 });
    expect(fundTotal(db, 'basic')).toBe('700.00');
    expect(listBuilds(db, 'counter').map((build) => [build.position, build.status])).toEqual([[head, 'active']]);
  });

  it('does not count an event twice when catching up again or after a restart', async () => {
    await appendEvents(subject.store, claims(4));
    await new ProjectionRunner(subject.store, db, [counter()]).catchUp();
    await new ProjectionRunner(subject.store, db, [counter()]).catchUp();
    await appendEvents(subject.store, claims(2, 4));
    const restarted = new ProjectionRunner(subject.store, db, [counter()]);
    await restarted.catchUp();
    await restarted.catchUp();
    expect(counts(db)).toEqual({ ClaimSettled: 6 });
  });

  it('rolls back a projection that throws mid-batch (rows and checkpoint) while the others commit', async () => {
    await appendEvents(subject.store, claims(6));
    const failing = new ProjectionRunner(subject.store, db, [counter(1, 5n), fundTotalsProjection], { batchSize: 4 });
    await failing.catchUp();
    // Batch 1 (positions 1–4) committed; batch 2 (5–6) threw at 5 after writing its row: nothing of it stays.
    expect(counts(db)).toEqual({ ClaimSettled: 4 });
    expect(fundTotal(db, 'basic')).toBe('600.00');
    const lag = await failing.lag();
    expect(lag.builds.find((build) => build.name === 'counter')).toMatchObject({ position: '4', error: expect.stringContaining('injected failure at 5') });
    // Once fixed, a restart resumes from the checkpoint and counts each event once.
    await new ProjectionRunner(subject.store, db, [counter(), fundTotalsProjection], { batchSize: 4 }).catchUp();
    expect(counts(db)).toEqual({ ClaimSettled: 6 });
    expect(fundTotal(db, 'basic')).toBe('600.00');
  });

  it('follows the store live and answers waitForPosition once the position is projected', async () => {
    await appendEvents(subject.store, claims(2));
    const runner = new ProjectionRunner(subject.store, db, LEDGER_PROJECTIONS);
    await runner.start();
    try {
      const position = await appendEvents(subject.store, claims(3, 2));
      const reached = await runner.waitForPosition(position, 15_000);
      // On a loaded machine a failure here is easier to read with the runner's own view.
      if (!reached) console.log(JSON.stringify(await runner.lag()), position);
      expect(reached).toBe(true);
      expect(fundTotal(db, 'assistance')).toBe('50.00');
      expect((await runner.lag()).behind).toBe('0');
      expect(await runner.waitForPosition(position + 10n, 50)).toBe(false);
    } finally {
      await runner.stop();
    }
  });

  it('builds a new version beside the old one, which answers until the new one has caught up', async () => {
    await appendEvents(subject.store, claims(3));
    await new ProjectionRunner(subject.store, db, [counter(1)]).catchUp();
    const oldTable = activeTable(db, 'counter', 'counts');
    expect(oldTable).toBe('counter_v1_b1_counts');

    let seenWhileBuilding: string | null = null;
    const spy = new ProjectionRunner(subject.store, db, [counter(2)], {
      batchSize: 1,
      onBatch: () => (seenWhileBuilding ??= activeTable(db, 'counter', 'counts')),
    });
    await spy.catchUp();
    expect(seenWhileBuilding).toBe(oldTable);
    expect(activeBuild(db, 'counter')).toMatchObject({ version: 2, build: 2, position: 3n });
    expect(listBuilds(db, 'counter').map((build) => build.build)).toEqual([2]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'counter_v1_b1_counts'").get()).toBeUndefined();
    await new ProjectionRunner(subject.store, db, [counter(2)]).catchUp();
    expect(counts(db)).toEqual({ ClaimSettled: 3 });
  });
});

describe('the read database', () => {
  // Atomic (WAL) is what exactly-once needs; the store, not the read database, carries durability.
  it('runs in WAL mode with synchronous=NORMAL', () => {
    const subject = STORE_FACTORIES[0]![1]();
    const db = openReadDatabase(subject.dataDir);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      // 1 = NORMAL
      expect(db.pragma('synchronous', { simple: true })).toBe(1);
    } finally {
      db.close();
      void subject.dispose();
    }
  });
});
