/** What every reader of a department's table shares: its bounds, its rows and its one error. */

/** A file larger than this is refused before parsing: a monthly county roster is far smaller. */
export const TABLE_FILE_BYTES_MAX = 50 * 1024 * 1024;
/** Rows per file; a larger roster is split by the department (or raise this with evidence). */
export const TABLE_ROWS_MAX = 200_000;
export const COLUMNS_MAX = 200;

export interface TableRow {
  /** 1-based row number as a spreadsheet shows it (the heading row is row 1 when it comes first). */
  readonly row: number;
  readonly cells: readonly string[];
}

/**
 * A file that cannot be read as a table: its message is meant for whoever sent the file. When the
 * reason is a fault inside the reading library rather than something it found in the file, the
 * message says only that the file is unreadable and the library's error is the `cause`, for the log.
 */
export class TableFileError extends Error {
  override readonly name = 'TableFileError';
}
