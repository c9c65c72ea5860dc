import { errorReportCsv } from '../../src/operations/import-report';
import { RosterImport, type RosterImportReport } from '../../src/operations/roster/roster-import';
import { eventCount, fixture, importWorld, type ImportWorld } from './import-fixtures';

/**
 * Roster import (issue 15 item 2) on the fixture rosters: one January roster written three ways
 * (UTF-8 CSV with a BOM, GBK CSV, XLSX with real date cells), with a bad row of each kind, and a
 * February roster that drops 王三 (hz-r3) and extends 李二's validity.
 */
const JANUARY_FILES = ['roster-heze-2023-01.utf8.csv', 'roster-heze-2023-01.gbk.csv', 'roster-heze-2023-01.xlsx'];

/** Row (as the spreadsheet numbers it) → column of the error the January roster must report. */
const JANUARY_ERRORS: ReadonlyArray<[number, string, RegExp]> = [
  [6, '身份证号', /check digit/],
  [7, '类别', /贫困户 is not a known category/],
  [8, '认定日期', /not a calendar date/],
  [9, '身份证号', /not registered with the personal-data store/],
  [10, '有效期止', /before 2023-06-01/],
  [11, '文号', /文号 must be 1 to 200/],
  [12, '类别', /already listed on row 2/],
  [13, '身份证号', /^the person is not registered in the ledger$/],
  [14, '认定部门', /卫健委 is not a known department/],
];

const importer = (world: ImportWorld): RosterImport =>
  new RosterImport({ ledger: world.ledger, store: world.store, personalData: world.personalData, history: world.journal, now: () => new Date('2023-02-02T09:00:00Z') });

const run = (world: ImportWorld, file: string, dryRun: boolean): Promise<RosterImportReport> =>
  importer(world).run({ content: fixture(file), region: 'heze', dryRun, actor: 'test:registrar' });

describe('roster import', () => {
  let world: ImportWorld;
  beforeEach(async () => {
    world = await importWorld();
  });
  afterEach(async () => world.close());

  it.each(JANUARY_FILES)('reads %s: four rows recognized, every bad row reported by row and column, nothing appended by the dry run', async (file) => {
    const before = await eventCount(world.store);
    const report = await run(world, file, true);
    expect(report.file.format).toBe(file.endsWith('.xlsx') ? 'xlsx' : 'csv');
    if (file.endsWith('.csv')) expect(report.file.encoding).toBe(file.includes('gbk') ? 'gbk' : 'utf-8');
    expect(report.department).toBe('CIVIL_AFFAIRS');
    expect(report.rows.map((row) => [row.row, row.personId, row.category, row.validFrom, row.validTo, row.outcome])).toEqual([
      [2, 'hz-r1', 'SUBSISTENCE', '2023-01-01', null, 'recognize'],
      [3, 'hz-r2', 'DESTITUTE', '2023-01-01', '2023-12-31', 'recognize'],
      [4, 'hz-r3', 'MARGINAL', '2023-03-01', null, 'recognize'],
      [5, 'hz-r4', 'ORPHAN', '2023-01-15', null, 'recognize'],
    ]);
    expect(report.errors.map((error) => [error.row, error.column])).toEqual(JANUARY_ERRORS.map(([row, column]) => [row, column]));
    JANUARY_ERRORS.forEach(([, , reason], index) => expect(report.errors[index].reason).toMatch(reason));
    expect(report.counts).toEqual({ recognize: 4, change: 0, unchanged: 0, error: 9 });
    // 姓名 and 联系电话 are never read; the report says so, and no 身份证号 appears anywhere in it.
    expect(report.ignoredColumns).toEqual(expect.arrayContaining(['姓名', '联系电话']));
    expect(JSON.stringify(report)).not.toMatch(/\d{17}[\dX]/);
    expect(await eventCount(world.store)).toBe(before);
  });

  it('records the rows, then appends nothing when the same file is imported again', async () => {
    const first = await run(world, 'roster-heze-2023-01.utf8.csv', false);
    expect(first.appended).toBe(4);
    const afterFirst = await eventCount(world.store);
    const events = await world.store.readAll({ filter: { eventTypes: ['IdentityRecognized'] } });
    const imported = events.filter((event) => event.metadata.actor === 'test:registrar');
    expect(imported.map((event) => (event.data as { personId: string }).personId).sort()).toEqual(['hz-r1', 'hz-r2', 'hz-r3', 'hz-r4']);
    // The chain hashes are 64 random hex digits, which now and then hold 18 decimal digits in a row:
    // the ID-number check reads everything else of the events.
    const withoutChainHashes = imported.map(({ data, metadata: { prevHash: _prev, hash: _hash, ...metadata } }) => [data, metadata]);
    expect(JSON.stringify(withoutChainHashes)).not.toMatch(/\d{17}[\dX]/);

    // The GBK copy of the same roster is the same content: every row is already recorded.
    const again = await run(world, 'roster-heze-2023-01.gbk.csv', false);
    expect(again.appended).toBe(0);
    expect(again.counts).toMatchObject({ recognize: 0, change: 0, unchanged: 4 });
    expect(await eventCount(world.store)).toBe(afterFirst);
  });

  it('shows in the dry run of the next roster who changed and whom it no longer lists, and revokes nobody', async () => {
    await run(world, 'roster-heze-2023-01.xlsx', false);
    const before = await eventCount(world.store);
    const february = await run(world, 'roster-heze-2023-02.csv', true);
    expect(february.errors).toEqual([]);
    expect(february.rows.map((row) => [row.personId, row.outcome])).toEqual([
      ['hz-r1', 'unchanged'],
      ['hz-r2', 'change'],
      ['hz-r4', 'unchanged'],
    ]);
    expect(february.previousRoster).not.toBeNull();
    expect(february.dropped).toEqual([{ personId: 'hz-r3', category: 'MARGINAL' }]);
    expect(await eventCount(world.store)).toBe(before);

    const real = await run(world, 'roster-heze-2023-02.csv', false);
    expect(real.appended).toBe(1);
    expect(real.dropped).toEqual([{ personId: 'hz-r3', category: 'MARGINAL' }]);
    const revoked = await world.store.readAll({ filter: { eventTypes: ['IdentityRevoked'] } });
    expect(revoked).toEqual([]);
  });

  it('writes the per-row error report as CSV: row, column, reason', async () => {
    const report = await run(world, 'roster-heze-2023-01.gbk.csv', true);
    const lines = errorReportCsv(report.errors).replace(/^\ufeff/, '').trim().split('\n');
    expect(lines[0]).toBe('row,column,reason');
    expect(lines[1]).toBe('6,身份证号,身份证号 fails its check digit');
    expect(lines).toHaveLength(1 + JANUARY_ERRORS.length);
  });

  it('refuses a file without the required columns, naming them', async () => {
    const report = await importer(world).run({ content: Buffer.from('姓名,身份证号\n张一,1\n'), region: 'heze', dryRun: true, actor: 't' });
    expect(report.errors.map((error) => [error.row, error.column, error.reason])).toEqual([
      [1, '类别', 'required column is missing'],
      [1, '认定日期', 'required column is missing'],
      [1, '文号', 'required column is missing'],
    ]);
  });
});
