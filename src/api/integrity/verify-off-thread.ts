import { Injectable } from '@nestjs/common';
import { join } from 'node:path';
import { ACCESS_LOG_FILE } from '../../access-log/sqlite-access-log';
import { AppConfig } from '../../config/app.config';
import type { IntegrityReportJson } from '../../integrity/verify-report-text';
import { runWorkerJob, type WorkerJobRun } from '../../shared/worker-job';
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
 * (src/shared/worker-job.ts). Concurrent requests share the run in progress, so operators pressing
 * the button twice do not start two walks of the store.
 */
@Injectable()
export class VerifyOffThread {
  private running: Promise<IntegrityReportJson> | null = null;
  private current: WorkerJobRun<IntegrityReportJson> | null = null;

  constructor(private readonly config: AppConfig) {}

  verify(publicKeyPem: string, witnessFile: string): Promise<IntegrityReportJson> {
    this.running ??= this.runOnce(publicKeyPem, witnessFile).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Stops the run in progress, if any (on shutdown: a walk of the store must not outlive the service). */
  async cancel(): Promise<void> {
    await this.current?.cancel();
  }

  private async runOnce(publicKeyPem: string, witnessFile: string): Promise<IntegrityReportJson> {
    const store = { dataDir: this.config.dataDir, ...(this.config.eventStoreUrl === undefined ? {} : { eventStoreUrl: this.config.eventStoreUrl }) };
    const job: VerifyWorkerJob = { store, publicKeyPem, witnessFile, accessLogFile: join(this.config.dataDir, ACCESS_LOG_FILE) };
    const run = runWorkerJob<VerifyWorkerJob, never, IntegrityReportJson>(join(__dirname, 'verify.worker'), job);
    this.current = run;
    const timer = setTimeout(() => void run.cancel(), VERIFY_TIMEOUT_MS);
    try {
      return await run.result;
    } finally {
      clearTimeout(timer);
      this.current = null;
    }
  }
}
