import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCommand, type ImportOptions } from '../../src/cli/commands/import.command';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { Ledger } from '../../src/ledger/ledger.service';
import { loadSeedPacks } from '../../src/policy-packs/load-pack';
import { FIXTURES, NATIONAL_IDS } from '../operations/import-fixtures';
import { InMemoryPersonalDataStore } from '../support/in-memory-personal-data-store';

const meta = { actor: 'test' };

describe('benefits-ledger import identities', () => {
  let dir: string;
  const personalData = new InMemoryPersonalDataStore();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'import-cli-'));
    const store = new SqliteEventStore(dir);
    // Registration is refused in a region with no published policy: the shipped packs are published first.
    const ledger = await Ledger.open(store, { seedPacks: loadSeedPacks() });
    for (const [personId, key] of [['hz-r1', 'r1'], ['hz-r2', 'r2'], ['hz-r3', 'r3'], ['hz-r4', '']] as const) {
      await ledger.registerPerson({ personId, region: 'heze', scheme: 'RESIDENT' }, meta);
      if (key) await personalData.put(personId, { nationalId: NATIONAL_IDS[key] });
    }
    await store.close();
    copyFileSync(join(FIXTURES, 'roster-heze-2023-01.gbk.csv'), join(dir, 'roster.csv'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (options: ImportOptions) => {
    let stdout = '';
    let stderr = '';
    const output = { stdout: (text: string) => (stdout += text), stderr: (text: string) => (stderr += text), interactive: false };
    const code = await importCommand('identities', join(dir, 'roster.csv'), { region: 'heze', ...options }, { DATA_DIR: dir }, output, { personalData });
    return { code, stdout, stderr };
  };

  it('dry-runs, writes the error report, imports, and appends nothing the second time', async () => {
    const dry = await run({ dryRun: true });
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('DRY RUN');
    expect(dry.stdout).toContain('recognize 4, change 0, unchanged 0, error 9');
    const report = readFileSync(join(dir, 'roster.csv.errors.csv'), 'utf8');
    expect(report.replace(/^\ufeff/, '').split('\n')[0]).toBe('row,column,reason');

    const real = await run({ json: true });
    expect(JSON.parse(real.stdout)).toMatchObject({ dryRun: false, appended: 4, counts: { recognize: 4 } });
    const again = await run({ json: true });
    expect(JSON.parse(again.stdout)).toMatchObject({ appended: 0, counts: { recognize: 0, unchanged: 4 } });
  });

  it('refuses bad usage with exit code 2', async () => {
    expect((await run({ encoding: 'latin1' })).code).toBe(2);
    expect((await run({ department: '卫健委' })).code).toBe(2);
  });
});
