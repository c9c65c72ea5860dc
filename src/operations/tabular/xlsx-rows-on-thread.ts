import { join } from 'node:path';
import { runWorkerJob } from '../../shared/worker-job';
import { TableFileError, type TableRow } from './table-limits';

/** What the thread is given: the workbook's bytes (copied to it). */
export interface XlsxRowsJob {
  readonly content: Uint8Array;
}

/** The thread's answer: the rows, or the refusal of the file with the library's error that caused it. */
export type XlsxRowsAnswer =
  | { readonly ok: true; readonly rows: TableRow[] }
  | { readonly ok: false; readonly message: string; readonly cause: { readonly name: string; readonly message: string } | null };

/**
 * `readXlsxRows` on a worker thread of its own, so that loading a large workbook (seconds of CPU for
 * 200,000 rows) leaves the service's event loop answering. The thread ends with the job.
 */
export const readXlsxRowsOnThread = async (content: Buffer): Promise<TableRow[]> => {
  const answer = await runWorkerJob<XlsxRowsJob, never, XlsxRowsAnswer>(join(__dirname, 'xlsx-rows.worker'), { content: new Uint8Array(content) }).result;
  if (answer.ok) return answer.rows;
  const cause = answer.cause === null ? undefined : Object.assign(new Error(answer.cause.message), { name: answer.cause.name });
  throw new TableFileError(answer.message, cause === undefined ? undefined : { cause });
};
