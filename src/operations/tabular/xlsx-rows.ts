import { Workbook, type CellValue } from 'exceljs';
import { COLUMNS_MAX, TABLE_ROWS_MAX, TableFileError, type TableRow } from './table-limits';

/** The non-empty rows of a workbook's first worksheet, each cell as trimmed text, heading row included. */
export const readXlsxRows = async (content: Buffer): Promise<TableRow[]> => {
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch (error) {
    throw xlsxRefusal(error);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new TableFileError('the workbook has no worksheet');
  if (sheet.rowCount > TABLE_ROWS_MAX + 1) throw new TableFileError(`the first worksheet has ${sheet.rowCount} rows, more than ${TABLE_ROWS_MAX}`);
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    const width = Math.min(row.cellCount, COLUMNS_MAX);
    for (let column = 1; column <= width; column++) cells.push(cellText(row.getCell(column).value));
    if (cells.some((cell) => cell !== '')) rows.push({ row: rowNumber, cells });
  });
  return rows;
};

/**
 * exceljs reports what it finds wrong in the zip or its XML with plain errors ("Corrupted zip: can't
 * find end of central directory"), which help the sender. A crafted file can also make its code fail
 * on a value it did not expect (a TypeError: "Cannot set properties of undefined"): that text names
 * the library's internals and says nothing the sender can act on, so it stays out of the message
 * and travels as the cause, for a caller with a log.
 */
const xlsxRefusal = (error: unknown): TableFileError => {
  if (error instanceof TypeError || error instanceof ReferenceError || error instanceof RangeError || !(error instanceof Error)) {
    return new TableFileError('not a readable XLSX file', { cause: error });
  }
  return new TableFileError(`not a readable XLSX file: ${error.message}`);
};

/**
 * Excel keeps dates as dates and long digit strings as numbers unless the sheet formats them as
 * text. A date becomes an ISO date (exceljs reads date cells as UTC midnight); a number its plain
 * digits. An 18-digit 身份证号 stored as a number has already lost its last digits in Excel itself,
 * and the check digit then refuses it.
 */
export const cellText = (value: CellValue): string => {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if ('richText' in value) return value.richText.map((part) => part.text).join('').trim();
  if ('result' in value) return cellText((value.result ?? null) as CellValue);
  if ('text' in value) return String(value.text).trim();
  return '';
};
