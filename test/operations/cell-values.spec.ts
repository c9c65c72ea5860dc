import { encode } from 'iconv-lite';
import { checkNationalId, parseAmount, parseDate, parseYesNo } from '../../src/operations/tabular/cell-values';
import { normalizeHeading } from '../../src/operations/tabular/columns';
import { Workbook } from 'exceljs';
import { detectEncoding, readTable, TABLE_ROWS_MAX, TableFileError, XLSX_IN_LOOP_BYTES_MAX } from '../../src/operations/tabular/tabular-file';
import { turnsDuring } from '../support/event-loop-turns';

/** The cell parsers every import shares: the forms departments write, and the refusals. */
describe('cell values', () => {
  it.each([
    ['2023-01-05', '2023-01-05'],
    ['2023/1/5', '2023-01-05'],
    ['2023.01.05', '2023-01-05'],
    ['2023年1月5日', '2023-01-05'],
    ['20230105', '2023-01-05'],
    ['2024-02-29', '2024-02-29'],
  ])('reads the date %s as %s', (text, iso) => expect(parseDate(text)).toEqual({ ok: true, value: iso }));

  it.each(['2023-02-29', '2023-13-01', '05/01/2023', '', 'soon'])('refuses the date %p', (text) => expect(parseDate(text).ok).toBe(false));

  it.each([
    ['1234', '1234.00'],
    ['1,234.5', '1234.50'],
    ['¥20,000.00', '20000.00'],
  ])('reads the amount %s as %s', (text, amount) => expect(parseAmount(text)).toEqual({ ok: true, value: amount }));

  it.each(['-5', '1.234', 'abc', ''])('refuses the amount %p', (text) => expect(parseAmount(text).ok).toBe(false));

  it.each([
    ['是', true],
    ['否', false],
    ['', false],
    ['Y', true],
  ])('reads %p as %p', (text, value) => expect(parseYesNo(text)).toEqual({ ok: true, value }));

  // GB 11643: the check digit of 11010519491231002 is X.
  it('checks the 身份证号 check digit, upper-casing x, and never quotes the number in a reason', () => {
    expect(checkNationalId('11010519491231002x')).toEqual({ ok: true, value: '11010519491231002X' });
    const refused = checkNationalId('110105194912310021');
    expect(refused).toEqual({ ok: false, reason: '身份证号 fails its check digit' });
    expect(checkNationalId('1101051949').ok).toBe(false);
  });

  it('normalises headings: blanks, full-width brackets, case', () => {
    expect(normalizeHeading(' 认定日期（起） ')).toBe(normalizeHeading('认定日期(起)'));
    expect(normalizeHeading('PersonId')).toBe('personid');
  });
});

describe('reading a table', () => {
  const text = '类别,文号\n低保,民发〔2023〕1号\n';

  it('detects GBK and UTF-8, and honours an explicit encoding', async () => {
    expect(detectEncoding(Buffer.from(text))).toBe('utf-8');
    expect(detectEncoding(encode(text, 'gbk'))).toBe('gbk');
    const gbk = await readTable(encode(text, 'gbk'));
    expect(gbk).toMatchObject({ format: 'csv', encoding: 'gbk', headings: ['类别', '文号'], rows: [{ row: 2, cells: ['低保', '民发〔2023〕1号'] }] });
    await expect(readTable(encode(text, 'gbk'), { encoding: 'utf-8' })).rejects.toThrow(/not valid UTF-8; give --encoding gbk/);
  });

  /** A roster of `rows` rows after its heading, each with Chinese text, so chunk boundaries fall inside characters. */
  const roster = (rows: number): Buffer =>
    Buffer.from(['人员编号,类别,文号', ...Array.from({ length: rows }, (_, index) => `p-${index},低保,民发〔2023〕${index}号`)].join('\n'));

  it('reads a file of the most rows allowed whole, and refuses one more row rather than drop it', async () => {
    const largest = await readTable(roster(TABLE_ROWS_MAX));
    expect(largest.rows).toHaveLength(TABLE_ROWS_MAX);
    // Every cell intact, though the file was parsed in chunks that split multi-byte characters.
    expect(largest.rows.every(({ row, cells }) => cells[0] === `p-${row - 2}` && cells[1] === '低保' && cells[2] === `民发〔2023〕${row - 2}号`)).toBe(true);
    await expect(readTable(roster(TABLE_ROWS_MAX + 1))).rejects.toThrow(`more than ${TABLE_ROWS_MAX}`);
  });

  it('lets other work run while it parses a large file', async () => {
    const { result: table, turns } = await turnsDuring(() => readTable(roster(100_000)));
    expect(table.rows).toHaveLength(100_000);
    expect(turns).toBeGreaterThan(10);
  });

  it('reads a UTF-8 byte-order mark as nothing, and refuses a CSV it cannot parse, saying why', async () => {
    const withBom = await readTable(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(withBom.headings).toEqual(['类别', '文号']);
    await expect(readTable(Buffer.from('类别,文号\n"低保,民发\n'))).rejects.toThrow(/^not a readable CSV file: .*[Qq]uote/);
  });

  /** A workbook of `rows` rows after its heading, with a date cell, larger than the in-loop bound from a few thousand rows. */
  const workbook = async (rows: number): Promise<Buffer> => {
    const book = new Workbook();
    const sheet = book.addWorksheet('名册');
    sheet.addRow(['人员编号', '类别', '认定日期', '文号']);
    for (let index = 0; index < rows; index += 1) sheet.addRow([`p-${index}`, '低保', new Date(Date.UTC(2023, 0, 1 + (index % 28))), `民发〔2023〕${index}号`]);
    return Buffer.from(await book.xlsx.writeBuffer());
  };

  it('reads a large workbook on a worker thread, cell for cell as in the event loop, while other work runs', async () => {
    // Given a workbook beyond the in-loop bound
    const content = await workbook(20_000);
    expect(content.length).toBeGreaterThan(XLSX_IN_LOOP_BYTES_MAX);
    // When it is read
    const { result: table, turns } = await turnsDuring(() => readTable(content));
    // Then every row is there, dates as ISO dates, and the event loop kept turning meanwhile
    expect(table).toMatchObject({ format: 'xlsx', headings: ['人员编号', '类别', '认定日期', '文号'] });
    expect(table.rows).toHaveLength(20_000);
    expect(table.rows[19_999]).toEqual({ row: 20_001, cells: ['p-19999', '低保', '2023-01-08', '民发〔2023〕19999号'] });
    // Read in the event loop, the same workbook left about 70 turns (exceljs yields now and then); on its thread, hundreds of thousands.
    expect(turns).toBeGreaterThan(1_000);
  }, 60_000);

  it('refuses a large damaged workbook from the worker thread as it would in the event loop', async () => {
    const content = await workbook(20_000);
    // The zip's central directory is at its end: without it no entry can be found.
    await expect(readTable(content.subarray(0, content.length - 200))).rejects.toThrow(/^not a readable XLSX file/);
  }, 60_000);

  it('refuses an empty file and a damaged XLSX', async () => {
    await expect(readTable(Buffer.alloc(0))).rejects.toBeInstanceOf(TableFileError);
    await expect(readTable(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).rejects.toThrow(/not a readable XLSX file/);
  });
});
