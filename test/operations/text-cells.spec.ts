import { ClaimsImport } from '../../src/operations/claims/claims-import';
import type { ImportReport } from '../../src/operations/import-report';
import { RosterImport } from '../../src/operations/roster/roster-import';
import { eventCount, importWorld, type ImportWorld } from './import-fixtures';

const csv = (...lines: string[]): Buffer => Buffer.from([...lines, ''].join('\n'));
/** A CSV cell quoted, so a tab or a comma inside stays in the cell. */
const quoted = (cell: string): string => `"${cell.replace(/"/g, '""')}"`;
/** Every event's data and metadata, as text (positions are bigints). */
const storedText = async (world: ImportWorld): Promise<string> =>
  JSON.stringify((await world.store.readAll({ maxCount: 100_000 })).map(({ data, metadata }) => [data, metadata]));

const ROSTER_HEADINGS = '人员编号,身份证号,类别,认定日期,文号,认定部门';
const rosterRow = (document: string, category = '低保'): string => ['hz-r4', '', category, '2023-01-01', quoted(document), '民政'].join(',');
const CLAIM_HEADINGS = '结算单号,人员编号,医疗类别,入院日期,出院日期,医院等级,就医地,医疗总费用';
const claimRow = (claimId: string): string => [quoted(claimId), 'hz-c1', '住院', '2023-05-01', '2023-05-10', '二级', '县域内', '3000.00'].join(',');

/**
 * The auditor's roster: 文号 cells the JSON API refuses (NUL, an ANSI escape, DEL and NEL, a
 * right-to-left override) were appended by the import. Each is now an error row naming the column
 * and the same rule as the JSON API's 400, and nothing is appended, dry run or real.
 */
describe('imports refuse control, bidi and invisible characters in the cells they record', () => {
  let world: ImportWorld;
  beforeEach(async () => {
    world = await importWorld();
  });
  afterEach(async () => world.close());

  const expectRefusedRows = async (run: (dryRun: boolean) => Promise<ImportReport<string, unknown>>, expected: Array<[number, string, string]>): Promise<void> => {
    const before = await eventCount(world.store);
    for (const dryRun of [true, false]) {
      const report = await run(dryRun);
      expect(report.rows).toEqual([]);
      expect(report.errors.map((error) => [error.row, error.column, error.reason])).toEqual(expected.map(([row, column, rule]) => [row, column, expect.stringContaining(rule)]));
      expect(report.appended).toBe(0);
    }
    expect(await eventCount(world.store)).toBe(before);
  };

  it('refuses each hostile 文号 of a roster on its own row, naming 文号 and the rule', async () => {
    const documents = ['doc\u0000nul', 'esc\u001b[31mred', 'a\tb\u007fc\u0085d', 'rlo\u202egpj.exe', 'zw\u200bsp', 'ls\u2028x', 'nc\uffff'];
    const roster = (dryRun: boolean) =>
      new RosterImport({ ledger: world.ledger, store: world.store, personalData: world.personalData, history: world.journal }).run({
        content: csv(ROSTER_HEADINGS, ...documents.map((document) => rosterRow(document))),
        region: 'heze',
        department: 'CIVIL_AFFAIRS',
        dryRun,
        actor: 't',
      });
    await expectRefusedRows(roster, [
      [2, '文号', 'control characters'],
      [3, '文号', 'control characters'],
      [4, '文号', 'control characters'],
      [5, '文号', 'bidirectional controls'],
      [6, '文号', 'invisible format characters'],
      [7, '文号', 'line or paragraph separators'],
      [8, '文号', 'non-characters'],
    ]);
    expect(await storedText(world)).not.toContain('gpj.exe');
  });

  it('refuses a hostile cell in a column that is parsed, before its parser could quote it', async () => {
    const roster = (dryRun: boolean) =>
      new RosterImport({ ledger: world.ledger, store: world.store, personalData: world.personalData, history: world.journal }).run({
        content: csv(ROSTER_HEADINGS, rosterRow('菏民发〔2023〕1号', '低保\u202e')),
        region: 'heze',
        department: 'CIVIL_AFFAIRS',
        dryRun,
        actor: 't',
      });
    await expectRefusedRows(roster, [[2, '类别', 'bidirectional controls']]);
  });

  it('refuses a claims file whose 结算单号 holds a control or bidi character, naming 结算单号', async () => {
    const claims = (dryRun: boolean) =>
      new ClaimsImport({ ledger: world.ledger, store: world.store, personalData: world.personalData }).run({
        content: csv(CLAIM_HEADINGS, claimRow('imp-\u001b[0m1'), claimRow('imp-\u202e2')),
        dryRun,
        actor: 't',
      });
    await expectRefusedRows(claims, [
      [2, '结算单号', 'control characters'],
      [3, '结算单号', 'bidirectional controls'],
    ]);
  });

  it('still takes a tab inside a 文号, as the JSON API does', async () => {
    const report = await new RosterImport({ ledger: world.ledger, store: world.store, personalData: world.personalData, history: world.journal }).run({
      content: csv(ROSTER_HEADINGS, rosterRow('菏民发〔2023〕1号\t附件')),
      region: 'heze',
      department: 'CIVIL_AFFAIRS',
      dryRun: false,
      actor: 't',
    });
    expect(report.errors).toEqual([]);
    expect(report.appended).toBe(1);
  });
});
