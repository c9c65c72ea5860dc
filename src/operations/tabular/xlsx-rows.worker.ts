import { serveWorkerJob } from '../../shared/worker-job';
import { TableFileError } from './table-limits';
import { readXlsxRows } from './xlsx-rows';
import type { XlsxRowsAnswer, XlsxRowsJob } from './xlsx-rows-on-thread';

/**
 * Worker-thread entry of `readXlsxRowsOnThread`: reads the workbook it was given. A refusal of the
 * file is an answer (its message is for the sender, its cause for the log); anything else fails the job.
 */
serveWorkerJob<XlsxRowsJob, never, XlsxRowsAnswer>(async ({ content }) => {
  try {
    return { ok: true, rows: await readXlsxRows(Buffer.from(content.buffer, content.byteOffset, content.byteLength)) };
  } catch (error) {
    if (!(error instanceof TableFileError)) throw error;
    const cause = error.cause instanceof Error ? { name: error.cause.name, message: error.cause.message } : null;
    return { ok: false, message: error.message, cause };
  }
});
