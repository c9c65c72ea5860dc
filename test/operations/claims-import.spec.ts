import { ClaimsImport, type ClaimsImportReport } from '../../src/operations/claims/claims-import';
import { eventCount, fixture, importWorld, type ImportWorld } from './import-fixtures';

/**
 * Claims import (issue 15 item 3) on a Heze hospital's settlement export, as GBK CSV and as XLSX:
 * three good settlements of hz-c1 (低保, enrolled for 2023), and one bad row of each kind.
 */
const FILES = ['claims-heze-2023.gbk.csv', 'claims-heze-2023.xlsx'];

const CELL_ERRORS: ReadonlyArray<[number, string, RegExp]> = [
  [5, '医疗类别', /急诊 is not a known 医疗类别/],
  [6, '医疗总费用', /abc is not an amount/],
  [7, '出院日期', /before the admission date/],
  [8, '身份证号', /not registered with the personal-data store/],
  [9, '结算单号', /already on row 2/],
  [11, '医院等级', /特级 is not a known 医院等级/],
];

const importer = (world: ImportWorld): ClaimsImport => new ClaimsImport({ ledger: world.ledger, store: world.store, personalData: world.personalData });
const run = (world: ImportWorld, file: string, dryRun: boolean): Promise<ClaimsImportReport> =>
  importer(world).run({ content: fixture(file), dryRun, actor: 'test:claims-feeder' });

describe('claims import', () => {
  let world: ImportWorld;
  beforeEach(async () => {
    world = await importWorld();
  });
  afterEach(async () => world.close());

  it.each(FILES)('dry-runs %s: what would be settled, every bad cell by row and column, nothing appended', async (file) => {
    const before = await eventCount(world.store);
    const report = await run(world, file, true);
    expect(report.rows.map((row) => [row.row, row.claimId, row.personId, row.outcome])).toEqual([
      [2, 'HZ-2023-0001', 'hz-c1', 'settle'],
      [3, 'HZ-2023-0002', 'hz-c1', 'settle'],
      [4, 'HZ-2023-0003', 'hz-c1', 'settle'],
      [10, 'HZ-2023-0009', 'hz-c2', 'settle'],
    ]);
    expect(report.errors.map((error) => [error.row, error.column])).toEqual(CELL_ERRORS.map(([row, column]) => [row, column]));
    CELL_ERRORS.forEach(([, , reason], index) => expect(report.errors[index].reason).toMatch(reason));
    expect(report.ignoredColumns).toEqual(['姓名']);
    expect(await eventCount(world.store)).toBe(before);
  });

  it('settles in file order, reports the ledger refusal on its row, and appends nothing on re-import', async () => {
    const first = await run(world, 'claims-heze-2023.gbk.csv', false);
    // Heze 2023, 低保 (examples/heze.json, claim hz-dibao-1): the same bill settles the same way.
    expect(first.rows[0]).toMatchObject({ claimId: 'HZ-2023-0001', outcome: 'settle', payouts: { basic: '112125.00', critical: '21368.75', assistance: '11554.38' } });
    // The one-stop settlement's amounts are recorded as given.
    expect(first.rows[1].payouts).toMatchObject({ basic: '1200.00', critical: '0.00' });
    expect(first.rows[2].payouts).toMatchObject({ basic: '9000.00', critical: '2000.00' });
    // hz-c2 is registered but not enrolled for 2023: the ledger refuses, the row says why.
    expect(first.errors.find((error) => error.row === 10)).toMatchObject({ column: '', reason: expect.stringMatching(/^NOT_ENROLLED/) });
    expect(first.counts).toMatchObject({ settle: 3 });
    const settled = await world.store.readAll({ filter: { eventTypes: ['ClaimSettled'] } });
    expect(settled.map((event) => (event.data as { claimId: string }).claimId)).toEqual(['HZ-2023-0001', 'HZ-2023-0002', 'HZ-2023-0003']);

    const after = await eventCount(world.store);
    const xlsxDryRun = await run(world, 'claims-heze-2023.xlsx', true);
    expect(xlsxDryRun.rows.filter((row) => row.claimId.startsWith('HZ-2023-000') && row.personId === 'hz-c1').map((row) => row.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    const again = await run(world, 'claims-heze-2023.xlsx', false);
    expect(again.appended).toBe(0);
    expect(await eventCount(world.store)).toBe(after);
  });

  it('reports a person outside the caller\'s regions as unknown, and settles nothing for them', async () => {
    const report = await importer(world).run({ content: fixture('claims-heze-2023.xlsx'), dryRun: true, actor: 't', regions: ['fumeng'] });
    expect(report.rows).toEqual([]);
    expect(report.errors.filter((error) => /not registered in the ledger/.test(error.reason)).map((error) => error.row)).toEqual([2, 3, 4, 10]);
  });
});
