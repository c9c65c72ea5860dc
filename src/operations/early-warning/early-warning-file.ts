import { stringify } from 'csv-stringify/sync';
import { Workbook } from 'exceljs';
import { SPREADSHEET_SAFE_CSV } from '../tabular/spreadsheet-text';
import { CLAIM_KIND_ORDER, type EarlyWarningRow } from './early-warning-export';

/**
 * The early-warning list as the departments read it: Chinese headings, one row per alert change,
 * amounts as numbers with two decimals in XLSX (so the sheet can sum them) and as the ledger's
 * strings in CSV (UTF-8 with a byte-order mark, which Excel opens correctly).
 */
const KIND_HEADINGS = { INPATIENT: '住院', OUTPATIENT_CHRONIC: '门诊慢特病', HIGH_VALUE_DRUG: '高值药品' } as const;

export const earlyWarningHeadings = (withPersonalData: boolean): string[] => [
  '变动',
  '记录时间',
  '统筹区',
  '人员编号',
  ...(withPersonalData ? ['姓名', '身份证号'] : []),
  '年度',
  '预警规则',
  '规则名称',
  '预警线',
  '累计负担',
  ...CLAIM_KIND_ORDER.flatMap((kind) => [`${KIND_HEADINGS[kind]}个人负担(总费用)`, `${KIND_HEADINGS[kind]}个人负担(政策范围内)`]),
  '个人负担合计(总费用)',
  '个人负担合计(政策范围内)',
];

const cells = (row: EarlyWarningRow, withPersonalData: boolean): Array<string | number> => [
  row.change === 'raised' ? '预警' : '解除',
  row.recordedAt,
  row.region,
  row.personId,
  ...(withPersonalData ? [row.name ?? '', row.nationalId ?? ''] : []),
  row.year,
  row.rule,
  row.ruleName,
  row.threshold,
  row.burden,
  ...CLAIM_KIND_ORDER.flatMap((kind) => [row.byKind[kind].total, row.byKind[kind].policyScope]),
  row.sum.total,
  row.sum.policyScope,
];

export const earlyWarningCsv = (rows: readonly EarlyWarningRow[], withPersonalData: boolean): string =>
  stringify([earlyWarningHeadings(withPersonalData), ...rows.map((row) => cells(row, withPersonalData).map(String))], { bom: true, ...SPREADSHEET_SAFE_CSV });

const AMOUNT = /^-?\d+\.\d{2}$/;

export const earlyWarningXlsx = async (rows: readonly EarlyWarningRow[], withPersonalData: boolean): Promise<Buffer> => {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('预警名单');
  const headings = earlyWarningHeadings(withPersonalData);
  sheet.addRow(headings).font = { bold: true };
  for (const row of rows) {
    // Amounts go in as numbers so the departments can sum them; two decimals are exact in a double.
    sheet.addRow(cells(row, withPersonalData).map((cell, index) => (typeof cell === 'string' && AMOUNT.test(cell) && headings[index] !== '人员编号' ? Number(cell) : cell)));
  }
  headings.forEach((heading, index) => {
    const column = sheet.getColumn(index + 1);
    column.width = Math.max(10, heading.length * 2 + 2);
    if (AMOUNT_HEADING.test(heading)) column.numFmt = '0.00';
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const notes = workbook.addWorksheet('说明');
  notes.addRow(['个人负担(总费用) = 医疗总费用 − 各项报销；个人负担(政策范围内) = 政策范围内费用 − 各项报销。']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
};

const AMOUNT_HEADING = /预警线|负担/;
