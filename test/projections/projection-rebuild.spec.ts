import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectionsRebuildCommand } from '../../src/cli/commands/projections-rebuild.command';
import type { CommandOutput } from '../../src/cli/commands/projections-environment';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { LEDGER_PROJECTIONS } from '../../src/projections/ledger-projections';
import { fundTotalsProjection } from '../../src/projections/fund-totals.projection';
import type { Projection } from '../../src/projections/projection';
import { activeBuild, activeTable, createBuild, listBuilds } from '../../src/projections/projection-builds';
import { rebuildProjections } from '../../src/projections/projection-rebuild';
import { ProjectionRunner } from '../../src/projections/projection.runner';
import { openReadDatabase, type ReadDatabase } from '../../src/projections/read-database';
import { appendEvents, claimSettled, payouts, sampleHistory } from './support/ledger-fixtures';

/** Every row of every active table, by logical name: what a rebuild must reproduce exactly. */
const snapshot = (db: ReadDatabase): Record<string, unknown[]> =>
  Object.fromEntries(
    LEDGER_PROJECTIONS.flatMap((projection) =>
      projection.tables.map((table) => {
        const physical = activeTable(db, projection.name, table.name)!;
        return [`${projection.name}/${table.name}`, db.prepare(`SELECT * FROM "${physical}" ORDER BY key`).all()];
      }),
    ),
  );

const tableExists = (db: ReadDatabase, name: string): boolean =>
  db.prepare('SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?').get('table', name) !== undefined;

const capture = (): CommandOutput & { out: string[]; err: string[] } => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (text) => out.push(text), stderr: (text) => err.push(text), interactive: false };
};

describe('projection rebuild (blue/green)', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  let db: ReadDatabase;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'projection-rebuild-'));
    store = new SqliteEventStore(dataDir, { pollIntervalMs: 20 });
    db = openReadDatabase(dataDir);
    await appendEvents(store, sampleHistory());
  });

  afterEach(async () => {
    db.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('produces tables equal to the live ones row for row, switches over and drops the old tables', async () => {
    await new ProjectionRunner(store, db, LEDGER_PROJECTIONS).catchUp();
    const live = snapshot(db);
    expect(live['fund-totals/totals']!.length).toBeGreaterThan(5);

    const answering: Array<string | null> = [];
    const results = await rebuildProjections({
      store,
      db,
      projections: LEDGER_PROJECTIONS,
      batchSize: 4,
      progress: { start: () => undefined, advance: () => answering.push(activeTable(db, 'fund-totals', 'totals')), stop: () => undefined },
    });

    // While the rebuild ran, the old build kept answering.
    expect(new Set(answering)).toEqual(new Set(['fund_totals_v1_b1_totals']));
    expect(results.map((result) => [result.name, result.build, result.previous?.build])).toEqual(LEDGER_PROJECTIONS.map((projection) => [projection.name, 2, 1]));
    expect(activeTable(db, 'fund-totals', 'totals')).toBe('fund_totals_v1_b2_totals');
    expect(tableExists(db, 'fund_totals_v1_b1_totals')).toBe(false);
    expect(snapshot(db)).toEqual(live);
  });

  it('fills a build without query indexes and gives it every one before it answers', async () => {
    await new ProjectionRunner(store, db, LEDGER_PROJECTIONS).catchUp();
    const queryIndexes = (): string[] =>
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%\\_by\\_%' ESCAPE '\\' ORDER BY name").all() as Array<{ name: string }>).map((row) => row.name);
    const expected = (build: number): string[] =>
      LEDGER_PROJECTIONS.flatMap((projection) =>
        projection.tables.flatMap((table) => table.indexes.map((columns) => `${projection.name.replace(/-/g, '_')}_v${projection.version}_b${build}_${table.name}_by_${columns.join('_')}`)),
      ).sort();
    expect(queryIndexes()).toEqual(expected(1));

    const fresh = createBuild(db, fundTotalsProjection, 'building', '2024-01-01T00:00:00.000Z');
    expect(queryIndexes().filter((name) => name.includes(`_b${fresh.build}_`))).toEqual([]);

    await rebuildProjections({ store, db, projections: LEDGER_PROJECTIONS, clock: () => new Date('2024-01-02T00:00:00Z') });
    const answering = LEDGER_PROJECTIONS.map((projection) => activeBuild(db, projection.name)!.build);
    expect(new Set(answering)).toEqual(new Set([2, 3]));
    expect(queryIndexes()).toEqual(
      LEDGER_PROJECTIONS.flatMap((projection, index) => expected(answering[index]!).filter((name) => name.startsWith(projection.name.replace(/-/g, '_')))).sort(),
    );
  });

  it('hands over to a running server, which continues on the new build without losing or repeating events', async () => {
    const server = new ProjectionRunner(store, db, LEDGER_PROJECTIONS);
    await server.start();
    // The rebuild writes through its own connection, as the CLI in another process would.
    const cli = openReadDatabase(dataDir);
    try {
      const rebuilding = rebuildProjections({ store, db: cli, projections: LEDGER_PROJECTIONS, batchSize: 2 });
      // Written while the rebuild runs: the server projects them into the old build, the rebuild into the new.
      await appendEvents(store, [claimSettled({ claimId: 'c-8', personId: 'p-3', sequence: 1, payouts: payouts('50.00') })]);
      await rebuilding;
      expect(activeBuild(db, 'fund-totals')?.build).toBe(2);
      const position = await appendEvents(store, [claimSettled({ claimId: 'c-9', personId: 'p-3', sequence: 2, payouts: payouts('111.00') })]);
      const reached = await server.waitForPosition(position, 15_000);
      if (!reached) console.log(JSON.stringify(await server.lag()), position);
      expect(reached).toBe(true);
      const afterHandOver = snapshot(db);

      await rebuildProjections({ store, db: cli, projections: LEDGER_PROJECTIONS });
      expect(activeBuild(db, 'fund-totals')?.build).toBe(3);
      expect(snapshot(db)).toEqual(afterHandOver);
      expect(afterHandOver['event-index/events']).toHaveLength(Number(position));
    } finally {
      await server.stop();
      cli.close();
    }
  });

  it('keeps the old build answering when the rebuild fails, and leaves no half-built tables behind', async () => {
    await new ProjectionRunner(store, db, LEDGER_PROJECTIONS).catchUp();
    const before = snapshot(db);
    const broken: Projection = { ...fundTotalsProjection, apply: (rows, event) => {
      fundTotalsProjection.apply(rows, event);
      if (event.type === 'ClaimReassessed') throw new Error('reducer bug');
    } };
    await expect(rebuildProjections({ store, db, projections: [broken], batchSize: 4 })).rejects.toThrow(/rebuild failed, the old builds still answer: .*reducer bug/);
    expect(activeBuild(db, 'fund-totals')?.build).toBe(1);
    expect(listBuilds(db, 'fund-totals').map((build) => build.build)).toEqual([1]);
    expect(tableExists(db, 'fund_totals_v1_b2_totals')).toBe(false);
    expect(snapshot(db)).toEqual(before);
  });

  it('removes a build an interrupted rebuild left behind', async () => {
    await new ProjectionRunner(store, db, LEDGER_PROJECTIONS).catchUp();
    createBuild(db, fundTotalsProjection, 'building', new Date().toISOString());
    expect(tableExists(db, 'fund_totals_v1_b2_totals')).toBe(true);
    await rebuildProjections({ store, db, projections: [fundTotalsProjection] });
    expect(listBuilds(db, 'fund-totals').map((build) => [build.build, build.status])).toEqual([[3, 'active']]);
    expect(tableExists(db, 'fund_totals_v1_b2_totals')).toBe(false);
  });

  it('runs as `benefits-ledger projections rebuild [name]` on the store of DATA_DIR', async () => {
    await new ProjectionRunner(store, db, LEDGER_PROJECTIONS).catchUp();
    const output = capture();
    expect(await projectionsRebuildCommand('fund-totals', { DATA_DIR: dataDir }, output)).toBe(0);
    expect(output.out.join('')).toMatch(/^fund-totals: version 1 build 2 now answers at position 15 \(replaced version 1 build 1\)/);
    expect(activeBuild(db, 'claim-explanation')?.build).toBe(1);

    const unknown = capture();
    expect(await projectionsRebuildCommand('no-such-projection', { DATA_DIR: dataDir }, unknown)).toBe(2);
    expect(unknown.err.join('')).toContain('unknown projection "no-such-projection"');
  });
});
