import { join } from 'node:path';
import { runWorkerJob } from '../shared/worker-job';
import type { IntegrityReport } from './integrity-verifier';
import type { VerifyJob, VerifyProgress } from './verify.worker';

/**
 * Runs the embedded store's verification at start-up in a worker thread (src/shared/worker-job.ts),
 * so hashing a large store never holds the event loop.
 */
export const verifyInWorker = async (job: VerifyJob, progress?: (position: bigint, checked: number) => void): Promise<IntegrityReport> => {
  const run = runWorkerJob<VerifyJob, VerifyProgress, IntegrityReport>(join(__dirname, 'verify.worker'), job, ({ position, checked }) => progress?.(position, checked));
  try {
    return await run.result;
  } catch (error) {
    throw new Error(`verification failed: ${error instanceof Error ? error.message : String(error)}`);
  }
};
