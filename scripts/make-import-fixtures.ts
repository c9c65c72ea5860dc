/**
 * Writes the import fixtures under test/fixtures/imports/: rosters and a hospital settlement export
 * as departments send them (Chinese headings, a name and a phone column the ledger never reads,
 * one bad row of each kind). The same rows go out as UTF-8 CSV, GBK CSV and XLSX, so the tests show
 * that the three formats import alike. Run it after changing the rows and commit the output:
 *
 *   npx ts-node --transpile-only scripts/make-import-fixtures.ts
 *
 * The people and numbers are invented; every 身份证号 has a valid check digit unless the row is the
 * bad-check-digit case.
 */
import { Workbook } from 'exceljs';
import { encode } from 'iconv-lite';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';

const OUT = join(__dirname, '..', 'test', 'fixtures', 'imports');
/** exceljs stamps the workbook with these; fixed so a regenerated file is byte-identical in content. */
const FIXED_DATE = new Date(Date.UTC(2023, 1, 1));

const checkDigit = (first17: string): string => {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((total, weight, index) => total + weight * Number(first17[index]), 0);
  return '10X98765432'[sum % 11];
};
const nationalId = (first17: string): string => first17 + checkDigit(first17);

/** Test persons' 身份证号 (test/imports/import-fixtures.ts registers them with the in-memory personal-data store). */
export const NATIONAL_IDS = {
  r1: nationalId('37170119800101001'),
  r2: nationalId('37170119751203002'),
  r3: nationalId('37170119900515003'),
  unregistered: nationalId('37170119880808009'),
  otherRegion: nationalId('21092119700101004'),
  c1: nationalId('37170119650303005'),
  c2: nationalId('37170119720909006'),
};
const badCheckDigit = (id: string): string => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

const ROSTER_HEADINGS = ['序号', '姓名', '身份证号', '人员编号', '类别', '认定日期', '有效期止', '文号', '认定部门', '联系电话'];
const DOC = '菏民发〔2023〕3号';
type Cells = Array<string | Date>;

const rosterJanuary = (): Cells[] => [
  ['1', '张一', NATIONAL_IDS.r1, '', '低保', '2023-01-01', '', DOC, '民政局', '13800000001'],
  ['2', '李二', NATIONAL_IDS.r2, '', '特困人员', '2023/1/1', '2023/12/31', DOC, '民政局', '13800000002'],
  ['3', '王三', NATIONAL_IDS.r3, '', '低保边缘家庭成员', '2023年3月1日', '', DOC, '民政局', '13800000003'],
  ['4', '赵四', '', 'hz-r4', '孤儿', '2023-01-15', '', DOC, '民政局', ''],
  ['5', '钱五', badCheckDigit(NATIONAL_IDS.r1), '', '低保', '2023-01-01', '', DOC, '民政局', ''],
  ['6', '孙六', NATIONAL_IDS.r3, '', '贫困户', '2023-01-01', '', DOC, '民政局', ''],
  ['7', '周七', NATIONAL_IDS.r2, '', '低保', '2023-02-30', '', DOC, '民政局', ''],
  ['8', '吴八', NATIONAL_IDS.unregistered, '', '低保', '2023-01-01', '', DOC, '民政局', ''],
  ['9', '郑九', NATIONAL_IDS.r3, '', '特困', '2023-06-01', '2023-05-31', DOC, '民政局', ''],
  ['10', '冯十', NATIONAL_IDS.r2, '', '低保边缘', '2023-01-01', '', '', '民政局', ''],
  ['11', '张一', NATIONAL_IDS.r1, '', '低保对象', '2023-01-01', '', DOC, '民政局', ''],
  ['12', '陈十二', NATIONAL_IDS.otherRegion, '', '低保', '2023-01-01', '', DOC, '民政局', ''],
  ['13', '褚十三', '', 'hz-r4', '低保', '2023-01-01', '', DOC, '卫健委', ''],
];

/** February: 王三 (r3) is no longer listed, 李二's validity is extended, the others are as in January. */
const rosterFebruary = (): Cells[] => [
  ['1', '张一', NATIONAL_IDS.r1, '', '低保', '2023-01-01', '', DOC, '民政局', '13800000001'],
  ['2', '李二', NATIONAL_IDS.r2, '', '特困人员', '2023/1/1', '2024/6/30', DOC, '民政局', '13800000002'],
  ['3', '赵四', '', 'hz-r4', '孤儿', '2023-01-15', '', DOC, '民政局', ''],
];

const CLAIM_HEADINGS = ['结算单号', '身份证号', '人员编号', '姓名', '医疗类别', '入院日期', '出院日期', '医院等级', '就医地', '是否转诊', '异地安置备案', '医疗总费用', '目录外费用', '乙类先行自付', '超限价自付', '基本医保支付', '大病保险支付'];

const claims = (): Cells[] => [
  ['HZ-2023-0001', NATIONAL_IDS.c1, '', '张一', '住院', '2023-03-02', '2023-03-20', '二级', '县域内', '否', '否', '150000.00', '0', '0', '0', '', ''],
  ['HZ-2023-0002', NATIONAL_IDS.c1, '', '张一', '门诊慢特病', '2023-04-10', '2023-04-10', '一级', '县域内', '否', '否', '3000.00', '0', '0', '0', '1200.00', '0.00'],
  ['HZ-2023-0003', '', 'hz-c1', '张一', '高值药品', '2023-05-08', '2023-05-08', '三级', '市域内', '是', '否', '20,000.00', '500.00', '0', '0', '9000.00', '2000.00'],
  ['HZ-2023-0004', NATIONAL_IDS.c1, '', '张一', '急诊', '2023-05-09', '2023-05-09', '二级', '县域内', '否', '否', '800.00', '0', '0', '0', '', ''],
  ['HZ-2023-0005', NATIONAL_IDS.c1, '', '张一', '住院', '2023-06-01', '2023-06-05', '二级', '县域内', '否', '否', 'abc', '0', '0', '0', '', ''],
  ['HZ-2023-0006', NATIONAL_IDS.c1, '', '张一', '住院', '2023-07-10', '2023-07-01', '二级', '县域内', '否', '否', '5000.00', '0', '0', '0', '', ''],
  ['HZ-2023-0007', NATIONAL_IDS.unregistered, '', '吴八', '住院', '2023-07-10', '2023-07-12', '二级', '县域内', '否', '否', '5000.00', '0', '0', '0', '', ''],
  ['HZ-2023-0001', NATIONAL_IDS.c1, '', '张一', '住院', '2023-03-02', '2023-03-20', '二级', '县域内', '否', '否', '150000.00', '0', '0', '0', '', ''],
  ['HZ-2023-0009', NATIONAL_IDS.c2, '', '李九', '住院', '2023-08-01', '2023-08-09', '二级', '县域内', '否', '否', '8000.00', '0', '0', '0', '', ''],
  ['HZ-2023-0010', NATIONAL_IDS.c1, '', '张一', '住院', '2023-08-01', '2023-08-09', '特级', '县域内', '否', '否', '8000.00', '0', '0', '0', '', ''],
];

const csvText = (headings: string[], rows: Cells[]): string => stringify([headings, ...rows.map((row) => row.map(String))]);

/** Date cells become real Excel dates where the text is an ISO date, as a department's sheet has them. */
const xlsx = async (file: string, headings: string[], rows: Cells[]): Promise<void> => {
  const workbook = new Workbook();
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
  const sheet = workbook.addWorksheet('名单');
  sheet.addRow(headings);
  for (const row of rows) {
    sheet.addRow(row.map((cell) => (typeof cell === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(cell) && cell !== '2023-02-30' ? new Date(`${cell}T00:00:00Z`) : cell)));
  }
  writeFileSync(join(OUT, file), Buffer.from(await workbook.xlsx.writeBuffer()));
};

const main = async (): Promise<void> => {
  mkdirSync(OUT, { recursive: true });
  const january = csvText(ROSTER_HEADINGS, rosterJanuary());
  // Excel's "CSV UTF-8" starts with a byte-order mark; plain "CSV" on a Chinese Windows is GBK.
  writeFileSync(join(OUT, 'roster-heze-2023-01.utf8.csv'), `\ufeff${january}`);
  writeFileSync(join(OUT, 'roster-heze-2023-01.gbk.csv'), encode(january, 'gbk'));
  await xlsx('roster-heze-2023-01.xlsx', ROSTER_HEADINGS, rosterJanuary());
  writeFileSync(join(OUT, 'roster-heze-2023-02.csv'), csvText(ROSTER_HEADINGS, rosterFebruary()));
  writeFileSync(join(OUT, 'claims-heze-2023.gbk.csv'), encode(csvText(CLAIM_HEADINGS, claims()), 'gbk'));
  await xlsx('claims-heze-2023.xlsx', CLAIM_HEADINGS, claims());
  writeFileSync(join(OUT, 'national-ids.json'), `${JSON.stringify(NATIONAL_IDS, null, 2)}\n`);
};

void main();
