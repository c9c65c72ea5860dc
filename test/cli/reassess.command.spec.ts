import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reassessCommand } from '../../src/cli/commands/reassess.command';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { fixedClock } from '../../src/ledger/clock';
import { Ledger } from '../../src/ledger/ledger.service';
import { loadSeedPacks } from '../../src/policy-packs/load-pack';

const meta = { actor: 'test' };

describe('benefits-ledger reassess', () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reassess-cli-'));
    const store = new SqliteEventStore(dir);
    const ledger = await Ledger.open(store, { clock: fixedClock('2023-12-31T00:00:00Z'), seedPacks: loadSeedPacks() });
    await ledger.registerPerson({ personId: 'p1', region: 'heze', scheme: 'RESIDENT' }, meta);
    await ledger.enrollPerson({ personId: 'p1', year: 2023, contribution: '380.00', enrolledOn: '2022-11-01' }, meta);
    await ledger.submitClaim({ claimId: 'june', personId: 'p1', kind: 'INPATIENT', admissionDate: '2023-06-01', dischargeDate: '2023-06-10', hospitalLevel: 'SECONDARY', location: 'IN_COUNTY', costs: { total: '3000.00' }, adjudicated: { basic: '0.00', critical: '0.00' } }, meta);
    // A recognition appended without its reaction (as after a crash), so the person-year is out of date.
    await store.appendToStream('person-p1', [{
      type: 'IdentityRecognized',
      data: { personId: 'p1', category: 'SUBSISTENCE', validFrom: '2023-05-01', validTo: null, source: { department: 'CIVIL_AFFAIRS', document: '低保 2023-09' }, recordedOn: '2023-09-10' },
      metadata: { eventId: '1c8b0b0e-5d1c-4b9e-8d3e-7a1f0e2d3c4b', schemaVersion: 1, correlationId: 'c', causationId: 'c', actor: 'test', recordedAt: '2023-09-10T08:00:00Z' },
    }], 'streamExists');
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const headPosition = async (): Promise<bigint> => {
    const store = new SqliteEventStore(dir, { readonly: true });
    try {
      return await store.headPosition();
    } finally {
      await store.close();
    }
  };

  const run = async (options: Parameters<typeof reassessCommand>[0]) => {
    let stdout = '';
    let stderr = '';
    const code = await reassessCommand(options, { DATA_DIR: dir }, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), interactive: false });
    return { code, stdout, stderr };
  };

  // Heze §一(四): 低保 70% with no threshold: 3000 of scope gains 2100.00 of assistance.
  it('prints a dry-run table, appends nothing, then records the same deltas', async () => {
    const dry = await run({ region: 'heze', from: '2023-01-01', to: '2023-12-31', reason: 'retroactive 低保', dryRun: true });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('DRY RUN');
    expect(dry.stdout).toMatch(/assistance\s+2100\.00/);
    const real = await run({ region: 'heze', from: '2023-01-01', to: '2023-12-31', reason: 'retroactive 低保', format: 'json' });
    expect(JSON.parse(real.stdout)).toMatchObject({ dryRun: false, claimsAffected: 1, delta: { assistance: '2100.00', total: '2100.00' }, events: 1 });
    const again = await run({ person: 'p1', year: '2023', reason: 'again', format: 'json' });
    expect(JSON.parse(again.stdout)).toMatchObject({ claimsAffected: 0, events: 0 });
  });

  it('refuses an incomplete scope with a usage message', async () => {
    const refused = await run({ region: 'heze', from: '2023', reason: 'x' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--from must be a calendar date (YYYY-MM-DD), not "2023"');
  });

  // The rules of POST /reassessments's scope: a real run from the shell acted on 2023-02-30 and on a reversed period.
  it.each([
    [{ region: 'heze', from: '2023-02-30', to: '2023-12-31' }, '--from must be a calendar date (YYYY-MM-DD), not "2023-02-30"'],
    [{ region: 'heze', from: '2023-01-01', to: '2023-13-01' }, '--to must be a calendar date (YYYY-MM-DD), not "2023-13-01"'],
    [{ region: 'heze', from: '2023-01-01' }, '--to must be a calendar date (YYYY-MM-DD)'],
    [{ region: 'heze', from: '2023-12-31', to: '2023-01-01' }, '--to (2023-01-01) must not be before --from (2023-12-31)'],
    [{ region: 'heze', from: '2023-01-01', to: '2023-12-31', person: 'p1', year: '2023' }, 'alternative scopes'],
    [{ year: '2023' }, '--year needs --person'],
    [{ person: 'p1', year: '1999' }, '--year must be a year from 2000 to 2100'],
    // POST /reassessments refuses a period outside the benefit years (400 scope.from); the shell ran it.
    [{ region: 'heze', from: '1999-01-01', to: '2023-12-31' }, '--from must be a calendar date (YYYY-MM-DD) in the years 2000 to 2100, not "1999-01-01"'],
    [{ region: 'heze', from: '2023-01-01', to: '2101-01-01' }, '--to must be a calendar date (YYYY-MM-DD) in the years 2000 to 2100, not "2101-01-01"'],
  ])('refuses the scope %j, appending nothing', async (scope, message) => {
    const headBefore = await headPosition();
    const refused = await run({ ...scope, reason: 'x' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(message);
    expect(await headPosition()).toBe(headBefore);
  });

  it.each([
    [{ reason: '名册\u202Egpj.exe' }, '--reason: must not contain bidirectional controls'],
    [{ reason: 'x', correctionId: 'fix\u200B1' }, '--correction-id: must not contain invisible format characters'],
    [{ reason: '   ' }, '--reason must not be blank'],
  ])('refuses the recorded text %j by the rules of every other edge, appending nothing', async (texts, message) => {
    const headBefore = await headPosition();
    const refused = await run({ person: 'p1', year: '2023', ...texts });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(message);
    expect(await headPosition()).toBe(headBefore);
  });

  it('refuses a 身份证号 or phone number in the reason or an id, naming the option', async () => {
    const refused = await run({ person: 'p1', year: '2023', reason: '本人电话 13800138000' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--reason: must not contain a mobile phone number');
    expect(refused.stderr).not.toContain('13800138000');
  });
});
