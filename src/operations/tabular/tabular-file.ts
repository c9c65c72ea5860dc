import { parse } from 'csv-parse';
import { Workbook, type CellValue } from 'exceljs';
import { decode } from 'iconv-lite';
import { isUtf8 } from 'node:buffer';
import { finished } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Reads a department's spreadsheet as it arrives: CSV in UTF-8 (with or without a byte-order mark)
 * or GBK (what Excel on a Chinese Windows saves), or XLSX. The first non-empty row is the heading
 * row; every cell comes back as trimmed text, so the importers validate one shape whatever the format.
 */

export type TableEncoding = 'utf-8' | 'gbk';
export type TableFormat = 'csv' | 'xlsx';

export interface TableRow {
  /** 1-based row number as a spreadsheet shows it (the heading row is row 1 when it comes first). */
  readonly row: number;
  readonly cells: readonly string[];
}

export interface Table {
  readonly format: TableFormat;
  /** The CSV's text encoding; null for XLSX (its XML is always Unicode). */
  readonly encoding: TableEncoding | null;
  readonly headings: readonly string[];
  readonly rows: readonly TableRow[];
}

/** A file larger than this is refused before parsing: a monthly county roster is far smaller. */
export const TABLE_FILE_BYTES_MAX = 50 * 1024 * 1024;
/** Rows per file; a larger roster is split by the department (or raise this with evidence). */
export const TABLE_ROWS_MAX = 200_000;
const COLUMNS_MAX = 200;
const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/**
 * CSV bytes parsed per turn of the event loop. Parsed at once, a file of 200,000 rows (11 MB) held
 * the service's event loop for about half a second, and one of 50 MB would hold it for seconds.
 */
const CSV_CHUNK_BYTES = 256 * 1024;

/**
 * A file that cannot be read as a table: its message is meant for whoever sent the file. When the
 * reason is a fault inside the reading library rather than something it found in the file, the
 * message says only that the file is unreadable and the library's error is the `cause`, for the log.
 */
export class TableFileError extends Error {
  override readonly name = 'TableFileError';
}

export interface ReadTableOptions {
  /** `auto` (default): UTF-8 when the bytes are valid UTF-8, otherwise GBK. */
  readonly encoding?: TableEncoding | 'auto';
}

export const readTable = async (content: Buffer, options: ReadTableOptions = {}): Promise<Table> => {
  if (content.length > TABLE_FILE_BYTES_MAX) throw new TableFileError(`the file has ${content.length} bytes, more than ${TABLE_FILE_BYTES_MAX}`);
  if (content.length === 0) throw new TableFileError('the file is empty');
  return content.subarray(0, 4).equals(XLSX_MAGIC) ? readXlsx(content) : readCsv(content, options.encoding ?? 'auto');
};

/**
 * Valid UTF-8 is taken as UTF-8: GBK text of any length is almost never valid UTF-8 by accident.
 * `isUtf8` checks the bytes without decoding them (a decode of 11 MB took about 50 ms of the loop).
 */
export const detectEncoding = (content: Buffer): TableEncoding => (isUtf8(content) ? 'utf-8' : 'gbk');

const readCsv = async (content: Buffer, requested: TableEncoding | 'auto'): Promise<Table> => {
  const encoding = requested === 'auto' ? detectEncoding(content) : requested;
  if (requested === 'utf-8' && !isUtf8(content)) throw new TableFileError('the file is not valid UTF-8; give --encoding gbk (or encoding=gbk) if it was saved as GBK');
  // The parser reads UTF-8 bytes: a UTF-8 file as it came, a GBK one re-encoded.
  const bytes = encoding === 'utf-8' ? content : Buffer.from(decode(content, 'gbk'));
  // csv-parse skips empty lines, so its record index is not the line number. Rows are numbered by
  // record, which is what a spreadsheet shows for a clean file.
  const records = await parseCsvInTurns(bytes);
  return table('csv', encoding, records.map((cells, index) => ({ row: index + 1, cells })));
};

/**
 * The file's records, parsed a chunk per turn of the event loop so that other requests are answered
 * meanwhile. A file with more rows than the bound is refused as soon as the parser has passed it,
 * never cut short: its rows past the bound would otherwise be dropped without a word.
 */
const parseCsvInTurns = async (bytes: Buffer): Promise<string[][]> => {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true });
  const records: string[][] = [];
  parser.on('data', (record: string[]) => records.push(record));
  // Kept as it happens: a parse error while chunks are still being written must not go unhandled.
  const parsing: { failure: Error | null } = { failure: null };
  const done = finished(parser).catch((error: Error) => (parsing.failure ??= error));
  // Bounded by the file's size (TABLE_FILE_BYTES_MAX) over the chunk's.
  for (let from = 0; from < bytes.length && parsing.failure === null && records.length <= TABLE_ROWS_MAX + 1; from += CSV_CHUNK_BYTES) {
    parser.write(bytes.subarray(from, from + CSV_CHUNK_BYTES));
    await nextTurn();
  }
  if (records.length > TABLE_ROWS_MAX + 1) {
    parser.destroy();
    throw new TableFileError(`the file has more than ${TABLE_ROWS_MAX} rows`);
  }
  parser.end();
  await done;
  if (parsing.failure !== null) throw new TableFileError(`not a readable CSV file: ${parsing.failure.message}`);
  return records;
};

const readXlsx = async (content: Buffer): Promise<Table> => {
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
  return table('xlsx', null, rows);
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

const table = (format: TableFormat, encoding: TableEncoding | null, rows: TableRow[]): Table => {
  const [heading, ...body] = rows;
  if (!heading) throw new TableFileError('the file has no heading row');
  if (body.length > TABLE_ROWS_MAX) throw new TableFileError(`the file has ${body.length} rows, more than ${TABLE_ROWS_MAX}`);
  if (heading.cells.length > COLUMNS_MAX) throw new TableFileError(`the heading row has ${heading.cells.length} columns, more than ${COLUMNS_MAX}`);
  return { format, encoding, headings: heading.cells, rows: body };
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
