import { ClaimsImport } from '../../src/operations/claims/claims-import';
import type { ImportReport } from '../../src/operations/import-report';
import { RosterImport } from '../../src/operations/roster/roster-import';
import { checkCharacter } from '../../src/personal-data/personal-identifier';
import { eventCount, importWorld, NATIONAL_IDS, type ImportWorld } from './import-fixtures';

// A Heze 身份证号 with its check digit (of nobody in the fixtures), and a mobile number.
const ID = `37172919850615123${checkCharacter('37172919850615123')}`;
const PHONE = '13800138000';
const fullWidth = (text: string): string => text.replace(/[0-9X]/g, (character) => String.fromCharCode(character.charCodeAt(0) + 0xfee0));
/** Every event's data and metadata, as text (positions are bigints). */
const storedText = async (world: ImportWorld): Promise<string> =>
  JSON.stringify((await world.store.readAll({ maxCount: 100_000 })).map(({ data, metadata }) => [data, metadata]));
const csv = (...lines: string[]): Buffer => Buffer.from([...lines, ''].join('\n'));

const ROSTER_HEADINGS = '人员编号,身份证号,姓名,联系电话,类别,认定日期,有效期止,文号,认定部门';
/** One roster row of hz-r4 (registered in Heze, no personal data), with `cells` put over the defaults. */
const rosterRow = (cells: Partial<Record<'personId' | 'category' | 'validTo' | 'document' | 'department', string>>): string =>
  [cells.personId ?? 'hz-r4', '', '乙', '', cells.category ?? '低保', '2023-01-01', cells.validTo ?? '', cells.document ?? '菏民发〔2023〕1号', cells.department ?? '民政'].join(',');

const CLAIM_HEADINGS = '结算单号,人员编号,身份证号,医疗类别,入院日期,出院日期,医院等级,就医地,医疗总费用';
/** One settlement of hz-c1 (enrolled for 2023), with `cells` put over the defaults. */
const claimRow = (cells: Partial<Record<'claimId' | 'personId' | 'location' | 'total', string>>): string =>
  [cells.claimId ?? 'imp-2023-0001', cells.personId ?? 'hz-c1', '', '住院', '2023-05-01', '2023-05-10', '二级', cells.location ?? '县域内', cells.total ?? '3000.00'].join(',');

/**
 * A file upload carries no body the HTTP edge could scan, so the importers check every cell that
 * would go into an event themselves: a row with a personal identifier in one is an error row naming
 * the column, never quoting the value, and nothing of it is appended, dry run or real.
 */
describe('imports refuse personal identifiers in the cells they record', () => {
  let world: ImportWorld;
  beforeEach(async () => {
    world = await importWorld();
  });
  afterEach(async () => world.close());

  const expectRefused = async (run: (dryRun: boolean) => Promise<ImportReport<string, unknown>>, column: string, kind: RegExp, secret: string): Promise<void> => {
    const before = await eventCount(world.store);
    for (const dryRun of [true, false]) {
      const report = await run(dryRun);
      expect(report.rows).toEqual([]);
      expect(report.errors.map((error) => [error.row, error.column])).toEqual([[2, column]]);
      expect(report.errors[0]!.reason).toMatch(new RegExp(`^must not contain ${kind.source}.*身份证号 or 人员编号 column`));
      expect(report.appended).toBe(0);
      expect(JSON.stringify(report)).not.toContain(secret);
    }
    expect(await eventCount(world.store)).toBe(before);
    expect(await storedText(world)).not.toContain(secret);
  };

  describe('roster (POST /imports/identities)', () => {
    const roster = (row: string) => (dryRun: boolean) =>
      new RosterImport({ ledger: world.ledger, store: world.store, personalData: world.personalData, history: world.journal }).run({ content: csv(ROSTER_HEADINGS, row), region: 'heze', department: 'CIVIL_AFFAIRS', dryRun, actor: 't' });

    it.each([
      ['an ID number in 文号', rosterRow({ document: `民政 ${ID} 号` }), '文号', /a 身份证号/, ID],
      ['an ID number in full-width digits in 文号', rosterRow({ document: `民政 ${fullWidth(ID)} 号` }), '文号', /a 身份证号/, fullWidth(ID)],
      ['an ID number directly followed by x in 文号', rosterRow({ document: `民政${ID}x` }), '文号', /a 身份证号/, ID],
      ['an ID number padded to a digest in 文号', rosterRow({ document: `aaaaaaaaaaaaaa${ID}` }), '文号', /a 身份证号/, ID],
      ['a mobile number in 文号', rosterRow({ document: `联系 ${PHONE}` }), '文号', /a mobile phone number/, PHONE],
      ['an ID number as 人员编号', rosterRow({ personId: ID }), '人员编号', /a 身份证号/, ID],
      ['a mobile number in 类别 (whose parser would quote it)', rosterRow({ category: `低保${PHONE}` }), '类别', /a mobile phone number/, PHONE],
      ['a mobile number in 认定部门', rosterRow({ department: `民政 ${PHONE}` }), '认定部门', /a mobile phone number/, PHONE],
      ['a legacy ID number in 有效期止', rosterRow({ validTo: '371729850615123' }), '有效期止', /a 15-digit first-generation 身份证号/, '371729850615123'],
    ])('refuses %s: an error row naming the column, nothing appended', (_label, row, column, kind, secret) => expectRefused(roster(row), column, kind, secret));

    it('takes the 身份证号 column (resolved, never stored) and leaves 联系电话 unread', async () => {
      const row = ['', NATIONAL_IDS.r1, '甲', PHONE, '低保', '2023-01-01', '', '菏民发〔2023〕1号', '民政'].join(',');
      const report = await roster(row)(false);
      expect(report.errors).toEqual([]);
      expect(report.appended).toBe(1);
    });
  });

  describe('claims (POST /imports/claims)', () => {
    const claims = (row: string) => (dryRun: boolean) =>
      new ClaimsImport({ ledger: world.ledger, store: world.store, personalData: world.personalData }).run({ content: csv(CLAIM_HEADINGS, row), dryRun, actor: 't' });

    it.each([
      ['an ID number inside 结算单号', claimRow({ claimId: `imp-${ID}` }), '结算单号', /a 身份证号/, ID],
      ['a mobile number as 人员编号', claimRow({ personId: PHONE }), '人员编号', /a mobile phone number/, PHONE],
      ['an ID number in full-width digits in 就医地', claimRow({ location: fullWidth(ID) }), '就医地', /a 身份证号/, fullWidth(ID)],
      ['a mobile number as 医疗总费用 (an amount the parser would take)', claimRow({ total: PHONE }), '医疗总费用', /a mobile phone number/, PHONE],
    ])('refuses %s: an error row naming the column, nothing appended', (_label, row, column, kind, secret) => expectRefused(claims(row), column, kind, secret));

    it('settles a row naming its person by 身份证号, and keeps the number out of the event', async () => {
      const row = ['imp-2023-0002', '', NATIONAL_IDS.c1, '住院', '2023-05-01', '2023-05-10', '二级', '县域内', '3000.00'].join(',');
      const report = await claims(row)(false);
      expect(report.errors).toEqual([]);
      expect(report.appended).toBeGreaterThan(0);
      expect(await storedText(world)).not.toContain(NATIONAL_IDS.c1);
    });
  });
});
