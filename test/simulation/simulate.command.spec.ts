import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateCommand } from '../../src/cli/commands/simulate.command';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { fixedClock } from '../../src/ledger/clock';
import { Ledger } from '../../src/ledger/ledger.service';
import { loadSeedPacks } from '../../src/policy-packs/load-pack';

const meta = { actor: 'test' };
const DRAFT = join(__dirname, '..', '..', 'examples', 'heze-draft-2023.yaml');

describe('benefits-ledger simulate', () => {
  let dir: string;
  let head: bigint;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'simulate-cli-'));
    const store = new SqliteEventStore(dir);
    const ledger = await Ledger.open(store, { clock: fixedClock('2023-12-31T00:00:00Z'), seedPacks: loadSeedPacks().filter((pack) => pack.ref.region === 'heze') });
    await ledger.registerPerson({ personId: 'p1', region: 'heze', scheme: 'RESIDENT' }, meta);
    await ledger.recognizeIdentity({ personId: 'p1', category: 'SUBSISTENCE', validFrom: '2023-01-01', source: { department: 'CIVIL_AFFAIRS', document: '低保 2023-01' } }, meta);
    await ledger.enrollPerson({ personId: 'p1', year: 2023, contribution: '380.00', enrolledOn: '2022-11-01' }, meta);
    await ledger.submitClaim({ claimId: 'june', personId: 'p1', kind: 'INPATIENT', admissionDate: '2023-06-01', dischargeDate: '2023-06-10', hospitalLevel: 'SECONDARY', location: 'IN_COUNTY', costs: { total: '3000.00' }, adjudicated: { basic: '0.00', critical: '0.00' } }, meta);
    head = await store.headPosition();
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (options: Parameters<typeof simulateCommand>[0]) => {
    let stdout = '';
    let stderr = '';
    const code = await simulateCommand(options, { DATA_DIR: dir }, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), interactive: false });
    return { code, stdout, stderr };
  };

  // Heze §一(四): 低保 assistance has no threshold; 3000 of policy scope pays 70% = 2100.00 today, and 80% = 2400.00 under the example draft.
  it('prints the impact of the example draft as a table, and appends nothing', async () => {
    const result = await run({ pack: DRAFT, region: 'heze', year: '2023' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('SIMULATION (nothing appended)');
    expect(result.stdout).toMatch(/assistance\s+2100\.00\s+2400\.00\s+300\.00/);
    expect(result.stdout).toMatch(/SUBSISTENCE 低保对象\s+2100\.00\s+2400\.00\s+300\.00/);
    expect(result.stdout).toMatch(/p1\s+2100\.00\s+2400\.00\s+300\.00/);
    const store = new SqliteEventStore(dir);
    expect(await store.headPosition()).toBe(head);
    await store.close();
  });

  it('prints JSON naming the position it read at', async () => {
    const result = await run({ pack: DRAFT, region: 'heze', year: '2023', format: 'json' });
    expect(JSON.parse(result.stdout)).toMatchObject({ position: head.toString(), claims: 1, totals: { difference: { assistance: '300.00', total: '300.00' } } });
  });

  it('refuses a draft that is not a valid pack, naming the file and path', async () => {
    const result = await run({ pack: join(__dirname, '..', '..', 'package.json'), region: 'heze', year: '2023' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('package.json');
  });

  it('refuses a year that is not a year', async () => {
    const result = await run({ pack: DRAFT, region: 'heze', year: 'next' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--year must be a four-digit year');
  });
});
