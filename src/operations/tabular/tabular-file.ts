import { parse } from 'csv-parse';
import { decode } from 'iconv-lite';
import { isUtf8 } from 'node:buffer';
import { finished } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { COLUMNS_MAX, TABLE_FILE_BYTES_MAX, TABLE_ROWS_MAX, TableFileError, type TableRow } from './table-limits';
import { readXlsxRows } from './xlsx-rows';
import { readXlsxRowsOnThread } from './xlsx-rows-on-thread';

export { TABLE_FILE_BYTES_MAX, TABLE_ROWS_MAX, TableFileError, type TableRow } from './table-limits';

/**
 * Reads a department's spreadsheet as it arrives: CSV in UTF-8 (with or without a byte-order mark)
 * or GBK (what Excel on a Chinese Windows saves), or XLSX. The first non-empty row is the heading
 * row; every cell comes back as trimmed text, so the importers validate one shape whatever the format.
 */

export type TableEncoding = 'utf-8' | 'gbk';
export type TableFormat = 'csv' | 'xlsx';

export interface Table {
  readonly format: TableFormat;
  /** The CSV's text encoding; null for XLSX (its XML is always Unicode). */
  readonly encoding: TableEncoding | null;
  readonly headings: readonly string[];
  readonly rows: readonly TableRow[];
}

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** Workbooks up to this size are read in the event loop (a few milliseconds); larger ones on a worker thread. */
export const XLSX_IN_LOOP_BYTES_MAX = 256 * 1024;
/**
 * CSV bytes parsed per turn of the event loop. Parsed at once, a file of 200,000 rows (11 MB) held
 * the service's event loop for about half a second, and one of 50 MB would hold it for seconds.
 */
const CSV_CHUNK_BYTES = 256 * 1024;

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

/**
 * The first worksheet's rows. exceljs loads a workbook whole, which held the event loop 0.7–1.6 s for
 * 100,000 rows; a workbook larger than `XLSX_IN_LOOP_BYTES_MAX` is therefore read on a worker thread
 * (its streaming reader would yield, but spools worksheets to temporary files, 身份证号 included).
 */
const readXlsx = async (content: Buffer): Promise<Table> =>
  table('xlsx', null, content.length <= XLSX_IN_LOOP_BYTES_MAX ? await readXlsxRows(content) : await readXlsxRowsOnThread(content));

const table = (format: TableFormat, encoding: TableEncoding | null, rows: TableRow[]): Table => {
  const [heading, ...body] = rows;
  if (!heading) throw new TableFileError('the file has no heading row');
  if (body.length > TABLE_ROWS_MAX) throw new TableFileError(`the file has ${body.length} rows, more than ${TABLE_ROWS_MAX}`);
  if (heading.cells.length > COLUMNS_MAX) throw new TableFileError(`the heading row has ${heading.cells.length} columns, more than ${COLUMNS_MAX}`);
  return { format, encoding, headings: heading.cells, rows: body };
};
