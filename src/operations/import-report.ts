import { stringify } from 'csv-stringify/sync';
import { SPREADSHEET_SAFE_CSV } from './tabular/spreadsheet-text';
import type { Table } from './tabular/tabular-file';

/**
 * What every import reports, dry run or real: one outcome per data row, and one error per refused
 * cell (row, column, reason). Reasons never quote a 身份证号 or any other personal value, so the
 * error report can be mailed back to the department.
 */
export interface RowError {
  /** The row number as the spreadsheet shows it. */
  readonly row: number;
  /** The file's heading of the column at fault; '' when the row as a whole was refused. */
  readonly column: string;
  readonly reason: string;
}

/** What every import's report holds, whatever it imports: the file read, the outcome of each row, the refusals. */
export interface ImportReport<Outcome extends string, Row> {
  readonly dryRun: boolean;
  readonly file: { readonly sha256: string; readonly format: Table['format']; readonly encoding: Table['encoding']; readonly rows: number };
  /** Headings of the file that were not read (姓名, 联系电话 …): personal data the ledger does not take. */
  readonly ignoredColumns: readonly string[];
  readonly counts: Readonly<Record<Outcome | 'error', number>>;
  readonly rows: readonly Row[];
  readonly errors: readonly RowError[];
  /** Events appended by the real run; 0 for a dry run. */
  readonly appended: number;
}

/** Told after each row how many of all the rows are done: drives the progress bar and the import gauge. */
export type ImportProgress = (done: number, total: number) => void;

/** Rows processed at once in a real run: enough for group commit to batch appends, bounded for memory. */
export const IMPORT_WAVE_ROWS = 32;

export const errorReportCsv = (errors: readonly RowError[]): string =>
  stringify(
    errors.map((error) => [error.row, error.column, error.reason]),
    { header: true, columns: ['row', 'column', 'reason'], bom: true, ...SPREADSHEET_SAFE_CSV },
  );

export const rowError = (row: number, column: string, reason: string): RowError => ({ row, column, reason });

/** Counts by outcome, in a stable key order. */
export const countBy = <Outcome extends string>(outcomes: readonly Outcome[], keys: readonly Outcome[]): Record<Outcome, number> => {
  const counts = Object.fromEntries(keys.map((key) => [key, 0])) as Record<Outcome, number>;
  for (const outcome of outcomes) counts[outcome] += 1;
  return counts;
};
