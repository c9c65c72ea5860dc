import { Workbook } from 'exceljs';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACCESS_LOG_FILE, SqliteAccessLog } from '../../src/access-log/sqlite-access-log';
import { exportCommand } from '../../src/cli/commands/export.command';
import { earlyWarningHeadings } from '../../src/operations/early-warning/early-warning-file';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { Ledger } from '../../src/ledger/ledger.service';
import { loadSeedPacks } from '../../src/policy-packs/load-pack';

/**
 * `benefits-ledger export early-warnings` (issue 15 item 4, from the CLI). Fumeng 低保边缘: two
 * inpatient stays of 30000 leave 4320.00 and 1310.40 out of pocket; 5630.40 > 5000 raises 因病返贫
 * (二(三)1) on the second claim, recorded on 2023-07-02.
 */
describe('benefits-ledger export early-warnings', () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'export-cli-'));
    const store = new SqliteEventStore(dir);
    const ledger = await Ledger.open(store, { seedPacks: loadSeedPacks().filter((pack) => pack.ref.region === 'fumeng') });
    const at = (recordedAt: string) => ({ actor: 'test', recordedAt });
    const claim = (claimId: string, admissionDate: string, dischargeDate: string) =>
      ({ claimId, personId: 'fm-bianyuan', kind: 'INPATIENT', admissionDate, dischargeDate, hospitalLevel: 'SECONDARY', location: 'IN_COUNTY', costs: { total: '30000.00' } }) as const;
    await ledger.registerPerson({ personId: 'fm-bianyuan', region: 'fumeng', scheme: 'RESIDENT' }, at('2022-06-01T08:00:00Z'));
    await ledger.recognizeIdentity({ personId: 'fm-bianyuan', category: 'MARGINAL', validFrom: '2022-06-01', source: { department: 'CIVIL_AFFAIRS', document: '低保边缘家庭名册 2022-06' } }, at('2022-06-01T08:00:00Z'));
    await ledger.enrollPerson({ personId: 'fm-bianyuan', year: 2023, contribution: '380.00', enrolledOn: '2022-12-05' }, at('2022-12-05T08:00:00Z'));
    await ledger.submitClaim(claim('fm-bianyuan-1', '2023-05-01', '2023-05-10'), at('2023-05-11T08:00:00Z'));
    await ledger.submitClaim(claim('fm-bianyuan-2', '2023-06-20', '2023-07-01'), at('2023-07-02T08:00:00Z'));
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the XLSX (0600) with the alert and its burden, and records the export in the access log', async () => {
    let stdout = '';
    const out = join(dir, 'july.xlsx');
    const output = { stdout: (text: string) => (stdout += text), stderr: () => undefined, interactive: false };
    const code = await exportCommand({ region: 'fumeng', from: '2023-07-01', to: '2023-07-31', out }, { DATA_DIR: dir, USER: 'ops' }, output);
    expect(code).toBe(0);
    expect(stdout).toContain('1 alert changes written');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const workbook = new Workbook();
    await workbook.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('预警名单')!;
    expect(sheet.rowCount).toBe(2);
    const headings = earlyWarningHeadings(false);
    const cells = Object.fromEntries(headings.map((heading, index) => [heading, sheet.getRow(2).getCell(index + 1).value]));
    expect(cells['人员编号']).toBe('fm-bianyuan');
    expect(Number(cells['累计负担'])).toBe(5630.4);
    const log = new SqliteAccessLog(join(dir, ACCESS_LOG_FILE));
    expect(log.query({ personId: 'fm-bianyuan' }).map((entry) => [entry.principal, entry.what])).toEqual([['cli:ops', 'early-warning-export']]);
    log.close();
  });

  it('refuses a period that is not two ISO dates in order', async () => {
    let stderr = '';
    const output = { stdout: () => undefined, stderr: (text: string) => (stderr += text), interactive: false };
    expect(await exportCommand({ region: 'fumeng', from: '2023-07-31', to: '2023-07-01' }, { DATA_DIR: dir }, output)).toBe(2);
    expect(stderr).toContain('--from and --to must be ISO dates');
  });

  it('refuses a region no revision was published for with the rule and exit code 2, as reassess does, never a stack trace', async () => {
    let stderr = '';
    const output = { stdout: () => undefined, stderr: (text: string) => (stderr += text), interactive: false };
    const code = await exportCommand({ region: 'fumemg', from: '2023-07-01', to: '2023-07-31', out: join(dir, 'typo.xlsx') }, { DATA_DIR: dir, USER: 'ops' }, output);
    expect(code).toBe(2);
    expect(stderr).toBe('UNKNOWN_REGION: region: no policy revision is published for region "fumemg"\n');
  });
});
