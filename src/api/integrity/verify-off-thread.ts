import { Injectable } from '@nestjs/common';
import { join } from 'node:path';
import { ACCESS_LOG_FILE } from '../../access-log/sqlite-access-log';
import { AppConfig } from '../../config/app.config';
import type { IntegrityReportJson } from '../../integrity/verify-report-text';
import { SingleWorkerJob } from '../../shared/worker-job';
import type { VerifyWorkerJob } from './verify.worker';

/**
 * A verification that runs longer than this is abandoned (the worker is terminated): answered 500
 * when asked for, logged as a warning when scheduled. The walk checked about 16,000 events a second
 * on a slow two-core machine (round 21, 92,156 events in 6.8 s with the CLI), so a province's store of
 * a hundred million events takes hours; the bound only stops a thread that no longer progresses, and
 * is half the default interval of the scheduled runs, so that one ends before the next begins.
 */
export const VERIFY_TIMEOUT_MS = 12 * 3_600_000;

/**
 * Runs the integrity verification on a worker thread with its own store connection
 * (src/shared/worker-job.ts). Concurrent requests share the run in progress.
 */
@Injectable()
export class VerifyOffThread {
  private readonly job = new SingleWorkerJob<VerifyWorkerJob, IntegrityReportJson>(join(__dirname, 'verify.worker'), VERIFY_TIMEOUT_MS);

  constructor(private readonly config: AppConfig) {}

  verify(publicKeyPem: string, witnessFile: string): Promise<IntegrityReportJson> {
    return this.job.run(() => ({ store: storeOf(this.config), publicKeyPem, witnessFile, accessLogFile: join(this.config.dataDir, ACCESS_LOG_FILE) }));
  }

  /** Stops the run in progress, if any. */
  cancel(): Promise<void> {
    return this.job.cancel();
  }
}

/** The store a worker thread opens: the service's own, from its settings. */
export const storeOf = (config: AppConfig): VerifyWorkerJob['store'] => ({
  dataDir: config.dataDir,
  ...(config.eventStoreUrl === undefined ? {} : { eventStoreUrl: config.eventStoreUrl }),
});
