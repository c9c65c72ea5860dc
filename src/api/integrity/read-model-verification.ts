import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { join } from 'node:path';
import { AppConfig } from '../../config/app.config';
import { CLI_CHECK_SCRATCH_PREFIX, SCHEDULED_CHECK_SCRATCH_PREFIX, type ReadModelCheck } from '../../projections/read-model-check';
import { removeAbandonedScratchDirectories, removeScratchDirectories } from '../../projections/scratch-directories';
import { RepeatingSchedule } from '../../shared/repeating-schedule';
import { SingleWorkerJob } from '../../shared/worker-job';
import type { ReadModelCheckJob } from './read-model-check.worker';
import { storeOf } from './verify-off-thread';

/** The outcome of the last read-model check, as `GET /health` reports it. */
export interface ReadModelCheckOutcome {
  readonly finishedAt: string;
  readonly ok: boolean;
  readonly tablesCompared: number;
  /**
   * The tables that differ and by how many rows each way. Their keys (which name persons) are left
   * to `benefits-ledger projections verify`, which an operator runs before rebuilding.
   */
  readonly differing: ReadonlyArray<{ readonly projection: string; readonly table: string; readonly onlyLive: number; readonly onlyRebuilt: number }>;
  readonly skipped: ReadModelCheck['skipped'];
}

const HOUR_MS = 3_600_000;
/** A rebuild of a province's read models takes hours (round 21: about 5,000 events a second here). */
export const READ_MODEL_CHECK_TIMEOUT_MS = 12 * HOUR_MS;

/** Runs a read-model check; the service's runs it on a worker thread, tests give their own. */
export interface ReadModelChecker {
  check(): Promise<ReadModelCheck>;
  cancel(): Promise<void>;
}

/** The read-model check on a worker thread with its own store connection, one run at a time. */
@Injectable()
export class ReadModelCheckOffThread implements ReadModelChecker {
  private readonly job = new SingleWorkerJob<ReadModelCheckJob, ReadModelCheck>(join(__dirname, 'read-model-check.worker'), READ_MODEL_CHECK_TIMEOUT_MS);

  constructor(private readonly config: AppConfig) {}

  check(): Promise<ReadModelCheck> {
    return this.job.run(() => ({ store: storeOf(this.config), dataDir: this.config.dataDir }));
  }

  cancel(): Promise<void> {
    return this.job.cancel();
  }
}

/**
 * The read models checked by the service itself, every `READ_MODELS_VERIFY_EVERY_HOURS` (off by
 * default: docs/projections.md says what a check costs). The read database is not chained, so an
 * edited row changes what inspectors are shown with nothing else to notice; a difference found is
 * logged, reported at `GET /health` and in the metrics, and every read answered with a warning
 * header until a later check passes (the operator rebuilds the projections). Writes go on: the
 * events, the ledger of record, are not what was changed.
 */
@Injectable()
export class ReadModelVerification implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Integrity');
  private readonly schedule: RepeatingSchedule;
  private lastOutcome: ReadModelCheckOutcome | null = null;

  constructor(
    private readonly config: AppConfig,
    @Inject(ReadModelCheckOffThread) private readonly checker: ReadModelChecker,
  ) {
    this.schedule = new RepeatingSchedule(() => this.scheduledRun(), config.integrity.readModelsVerifyEveryHours * HOUR_MS);
  }

  get last(): ReadModelCheckOutcome | null {
    return this.lastOutcome;
  }

  /** Whether the last check found a read model that differs from its rebuild. */
  get differs(): boolean {
    return this.lastOutcome?.ok === false;
  }

  onApplicationBootstrap(): void {
    // A check the last process was killed in left its scratch database (the read models' size) in
    // the data directory. None of this process runs yet, and one service runs per data directory, so
    // every scheduled check's directory is stale; the CLI's are removed when their process is gone.
    removeScratchDirectories(this.config.dataDir, SCHEDULED_CHECK_SCRATCH_PREFIX);
    removeAbandonedScratchDirectories(this.config.dataDir, CLI_CHECK_SCRATCH_PREFIX);
    const { readModelsVerifyEveryHours, readModelsVerifyFirstAfterSeconds } = this.config.integrity;
    if (readModelsVerifyEveryHours > 0) this.schedule.start(readModelsVerifyFirstAfterSeconds * 1000);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.schedule.stop();
    await this.checker.cancel();
  }

  async run(): Promise<ReadModelCheckOutcome> {
    const check = await this.checker.check();
    const differing = check.tables
      .filter((table) => table.onlyLive > 0 || table.onlyRebuilt > 0)
      .map(({ projection, table, onlyLive, onlyRebuilt }) => ({ projection, table, onlyLive, onlyRebuilt }));
    this.lastOutcome = { finishedAt: new Date().toISOString(), ok: check.ok, tablesCompared: check.tables.length, differing, skipped: check.skipped };
    return this.lastOutcome;
  }

  /** One scheduled run; a difference found does not end the schedule (the next run sees the rebuild). */
  private async scheduledRun(): Promise<boolean> {
    try {
      const outcome = await this.run();
      if (outcome.ok) this.logger.log(`read models equal their rebuild from the events: ${outcome.tablesCompared} tables`);
      else this.logger.error(`read models differ from their rebuild from the events: ${outcome.differing.map(describe).join('; ')}. Run benefits-ledger projections verify (it names the rows), then projections rebuild.`);
    } catch (error) {
      if (!this.schedule.isStopped) this.logger.warn(`read-model check did not finish: ${error instanceof Error ? error.message : String(error)}`);
    }
    return true;
  }
}

const describe = ({ projection, table, onlyLive, onlyRebuilt }: ReadModelCheckOutcome['differing'][number]): string =>
  `${projection}/${table} (${onlyLive} live rows not in the rebuild, ${onlyRebuilt} rebuilt rows not live)`;
