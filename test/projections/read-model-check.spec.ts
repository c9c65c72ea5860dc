import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandOutput } from '../../src/cli/commands/projections-environment';
import { projectionsVerifyCommand } from '../../src/cli/commands/projections-verify.command';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { LEDGER_PROJECTIONS } from '../../src/projections/ledger-projections';
import { activeTable } from '../../src/projections/projection-builds';
import { ProjectionRunner } from '../../src/projections/projection.runner';
import { openReadDatabase, type ReadDatabase } from '../../src/projections/read-database';
import { checkReadModels } from '../../src/projections/read-model-check';
import { appendEvents, personRegistered, sampleHistory } from './support/ledger-fixtures';

/**
 * The read models are not hash-chained, so someone with file access could change what inspectors
 * are shown without any store verification noticing. `projections verify` rebuilds them from the
 * events into a scratch database, up to where each live build is, and compares row by row.
 */
describe('checking the read models against a rebuild from the events', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  let db: ReadDatabase;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'read-model-check-'));
    store = new SqliteEventStore(dataDir, { pollIntervalMs: 20 });
    db = openReadDatabase(dataDir);
    await appendEvents(store, sampleHistory());
    await new ProjectionRunner(store, db, LEDGER_PROJECTIONS).catchUp();
  });

  afterEach(async () => {
    db.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const check = async () => {
    const scratchDir = mkdtempSync(join(tmpdir(), 'read-model-check-scratch-'));
    try {
      return await checkReadModels({ store, dataDir, scratchDir, projections: LEDGER_PROJECTIONS });
    } finally {
      rmSync(scratchDir, { recursive: true, force: true });
    }
  };

  const table = (projection: string, logical: string): string => activeTable(db, projection, logical)!;

  it('finds untouched read models equal to their rebuild, every table of every projection', async () => {
    const result = await check();
    expect(result.ok).toBe(true);
    expect(result.skipped).toEqual([]);
    expect(result.tables).toHaveLength(LEDGER_PROJECTIONS.reduce((sum, projection) => sum + projection.tables.length, 0));
  });

  it('names an edited row and a deleted one, with their keys', async () => {
    // Given a usage row whose amounts were edited in the file, and a claim's explanation deleted
    const usage = table('person-year-usage', 'history');
    const edited = db.prepare(`SELECT key, doc FROM "${usage}" ORDER BY key LIMIT 1`).get() as { key: string; doc: string };
    db.prepare(`UPDATE "${usage}" SET doc = ? WHERE key = ?`).run(edited.doc.replace(/"basic":"(\d)/, '"basic":"9$1'), edited.key);
    const explanations = table('claim-explanation', 'claims');
    const deleted = db.prepare(`SELECT key FROM "${explanations}" ORDER BY key LIMIT 1`).pluck().get() as string;
    db.prepare(`DELETE FROM "${explanations}" WHERE key = ?`).run(deleted);
    // When the read models are checked
    const result = await check();
    // Then both tables differ, naming the rows, and the others are equal
    expect(result.ok).toBe(false);
    const differing = result.tables.filter((compared) => compared.onlyLive + compared.onlyRebuilt > 0);
    expect(differing).toEqual([
      expect.objectContaining({ projection: 'person-year-usage', table: 'history', onlyLive: 1, onlyRebuilt: 1, keys: [edited.key] }),
      expect.objectContaining({ projection: 'claim-explanation', table: 'claims', onlyLive: 0, onlyRebuilt: 1, keys: [deleted] }),
    ]);
  });

  it('compares at the position the live build reached, whatever the store recorded since', async () => {
    // Given events the live read models have not projected yet
    await appendEvents(store, [personRegistered('p-later')]);
    // Then the rebuild stops where the live builds stopped, and they still agree
    const result = await check();
    expect(result.ok).toBe(true);
    expect(new Set(result.tables.map((compared) => compared.position)).size).toBe(1);
    expect(BigInt(result.tables[0]!.position)).toBeLessThan(await store.headPosition());
  });

  it('is the CLI `projections verify`: exit 0 or 1, a line per table, and no scratch database left behind', async () => {
    const out: string[] = [];
    const output: CommandOutput = { stdout: (text) => out.push(text), stderr: (text) => out.push(text), interactive: false };
    const before = readdirSync(dataDir);
    expect(await projectionsVerifyCommand({ DATA_DIR: dataDir }, output)).toBe(0);
    const tables = LEDGER_PROJECTIONS.reduce((sum, projection) => sum + projection.tables.length, 0);
    expect(out.join('')).toMatch(new RegExp(`^OK: ${tables} tables equal their rebuild from the events`));
    db.prepare(`DELETE FROM "${table('identity-timeline', 'entries')}"`).run();
    out.length = 0;
    expect(await projectionsVerifyCommand({ DATA_DIR: dataDir }, output)).toBe(1);
    expect(out.join('')).toContain('identity-timeline/entries at position');
    expect(out.join('')).toMatch(new RegExp(`^DIFFERENT: 1 of ${tables} tables`));
    expect(readdirSync(dataDir).filter((name) => name.startsWith('.read-models-check-'))).toEqual([]);
    expect(readdirSync(dataDir).sort()).toEqual([...before].sort());
    expect(existsSync(join(dataDir, 'read-models.sqlite'))).toBe(true);
  });
});
