import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { IntegrityReport } from './integrity-verifier';
import type { VerifyJob } from './verify.worker';

type WorkerMessage =
  | { kind: 'progress'; position: bigint; checked: number }
  | { kind: 'done'; report: IntegrityReport }
  | { kind: 'failed'; message: string };

/**
 * Runs the embedded store's verification in a worker thread, so hashing a large store never holds
 * the event loop. Under ts-node/jest the worker loads the TypeScript source through ts-node.
 */
export const verifyInWorker = (job: VerifyJob, progress?: (position: bigint, checked: number) => void): Promise<IntegrityReport> =>
  new Promise((resolve, reject) => {
    const typescript = extname(__filename) === '.ts';
    const worker = new Worker(join(__dirname, `verify.worker${typescript ? '.ts' : '.js'}`), {
      workerData: job,
      execArgv: typescript ? ['-r', 'ts-node/register/transpile-only'] : [],
    });
    let settled = false;
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'progress') progress?.(message.position, message.checked);
      else if (message.kind === 'done') (settled = true), resolve(message.report);
      else (settled = true), reject(new Error(`verification failed: ${message.message}`));
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the verification worker exited with code ${code} before answering`));
    });
  });
