import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { join } from 'node:path';
import { AppConfig } from '../../config/app.config';
import type { IntegrityGate } from '../../integrity/integrity-gate';
import { stopsWrites, type IntegrityProblem } from '../../integrity/integrity-verifier';
import type { IntegrityReportJson } from '../../integrity/verify-report-text';
import { WITNESS_FILE } from '../../integrity/witness.file';
import { RepeatingSchedule } from '../../shared/repeating-schedule';
import { INTEGRITY_GATE } from '../infrastructure/tokens';
import { VerifyOffThread } from './verify-off-thread';

/** The outcome of the last full verification, as `GET /health` reports it. */
export interface FullVerificationOutcome {
  readonly finishedAt: string;
  readonly trigger: 'schedule' | 'request';
  readonly ok: boolean;
  readonly eventsChecked: number;
  readonly headPosition: string;
  /** The distinct problems found (none when ok), never the events' content. */
  readonly problems: readonly string[];
}

const HOUR_MS = 3_600_000;

/**
 * The full verification of the store (every chain, every signed checkpoint, the access log), on a
 * worker thread: asked for by an operator (`GET /audit/verify`) and run by the service itself, first
 * `FULL_VERIFY_FIRST_AFTER_SECONDS` after start-up and then every `FULL_VERIFY_EVERY_HOURS`.
 * Start-up verification walks the global chain only from the newest signed checkpoint on, so an
 * event below it edited with its stream chain recomputed passed the start and was found only when
 * someone ran the full verify; the schedule finds it without anyone asking. A forgery found by
 * either run stops writes, as one found at start does: no checkpoint may be signed over it.
 */
@Injectable()
export class FullVerification implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Integrity');
  private readonly schedule: RepeatingSchedule;
  private lastOutcome: FullVerificationOutcome | null = null;

  constructor(
    private readonly config: AppConfig,
    @Inject(INTEGRITY_GATE) private readonly gate: IntegrityGate,
    private readonly verifier: VerifyOffThread,
  ) {
    this.schedule = new RepeatingSchedule(() => this.scheduledRun(), config.integrity.fullVerifyEveryHours * HOUR_MS);
  }

  get last(): FullVerificationOutcome | null {
    return this.lastOutcome;
  }

  onApplicationBootstrap(): void {
    const { fullVerifyEveryHours, fullVerifyFirstAfterSeconds } = this.config.integrity;
    // A store that failed start-up verification is already refusing writes; walking it again proves nothing new.
    if (fullVerifyEveryHours === 0 || !this.gate.writable) return;
    this.schedule.start(fullVerifyFirstAfterSeconds * 1000);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.schedule.stop();
    await this.verifier.cancel();
  }

  /** Runs (or joins) a full verification and stops writes if it finds a forgery. */
  async run(trigger: FullVerificationOutcome['trigger']): Promise<IntegrityReportJson> {
    const report = await this.verifier.verify(this.gate.key.publicKeyPem, join(this.config.dataDir, WITNESS_FILE));
    const breaks = report.breaks.map((found) => found.problem);
    const findings = report.findings.map((found) => found.problem);
    const problems = [...new Set([...breaks, ...findings])];
    this.lastOutcome = { finishedAt: new Date().toISOString(), trigger, ok: report.ok, eventsChecked: report.globalEventsChecked, headPosition: report.headPosition, problems };
    // A forgery found now is as final as one found at start: no more writes, and so no checkpoint
    // signed over it, until an operator restores the store and restarts the service.
    const forged = [...breaks, ...findings.filter((problem) => stopsWrites(problem as IntegrityProblem))];
    if (forged.length > 0) this.gate.broken(`verification found ${forged.length} problem(s) in the event store: ${[...new Set(forged)].join(', ')}`);
    return report;
  }

  /** One scheduled run; the schedule goes on while the store stays writable (a forgery ends it). */
  private async scheduledRun(): Promise<boolean> {
    try {
      const report = await this.run('schedule');
      if (report.ok) this.logger.log(`full verification passed: ${report.globalEventsChecked} events up to position ${report.headPosition}, ${report.checkpointsChecked} checkpoints`);
      else this.logger.error(`full verification failed: ${this.lastOutcome?.problems.join(', ')} (GET /audit/verify or benefits-ledger verify names where)`);
    } catch (error) {
      if (!this.schedule.isStopped) this.logger.warn(`full verification did not finish: ${error instanceof Error ? error.message : String(error)}`);
    }
    return this.gate.writable;
  }
}
