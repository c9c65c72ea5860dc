import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The service's Prometheus metrics, in one registry per application (tests start several apps in
 * one process; the library's global registry would refuse the second). Names follow Prometheus
 * conventions: `_total` counters, `_seconds` durations, units last.
 */
export const METRIC_PREFIX = 'benefits_ledger_';

const LATENCY_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Powers of two up to the store's bound of 512 appends per commit. */
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];

export type ImportKind = 'identities' | 'claims';

export class LedgerMetrics {
  readonly registry = new Registry();

  readonly commands = new Counter({
    name: `${METRIC_PREFIX}commands_total`,
    help: 'Commands handled, by command type and outcome (ok, or the refusal kind)',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly commandDuration = new Histogram({
    name: `${METRIC_PREFIX}command_duration_seconds`,
    help: 'Time to handle a command, from dispatch to answer (appends and reactions included)',
    labelNames: ['command', 'outcome'] as const,
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [this.registry],
  });

  readonly appendDuration = new Histogram({
    name: `${METRIC_PREFIX}append_duration_seconds`,
    help: 'Time of one append to the event store (waiting for its group commit included)',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [this.registry],
  });

  readonly groupCommitBatch = new Histogram({
    name: `${METRIC_PREFIX}group_commit_appends`,
    help: 'Appends committed together in one SQLite transaction (one fsync)',
    buckets: BATCH_BUCKETS,
    registers: [this.registry],
  });

  readonly projectionLag = new Gauge({
    name: `${METRIC_PREFIX}projection_lag_positions`,
    help: "Store head position minus the projection build's checkpoint (global positions)",
    labelNames: ['projection', 'version', 'build', 'status'] as const,
    registers: [this.registry],
  });

  readonly sseClients = new Gauge({
    name: `${METRIC_PREFIX}sse_clients`,
    help: 'Open live-feed (SSE) connections',
    registers: [this.registry],
  });

  readonly refused = new Counter({
    name: `${METRIC_PREFIX}http_refused_total`,
    help: 'HTTP requests answered with a 4xx or 5xx status (429: rate limited), by status code',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  readonly importRowsDone = new Gauge({
    name: `${METRIC_PREFIX}import_rows_done`,
    help: 'Rows processed by the import running now (or the last one), by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly importRowsTotal = new Gauge({
    name: `${METRIC_PREFIX}import_rows_total`,
    help: 'Rows to process in the import running now (or the last one), by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly reassessmentThreads = new Gauge({
    name: `${METRIC_PREFIX}reassessment_threads`,
    help: 'Reassessment threads running (REASSESSMENT_THREADS; started by a region of 4,096 person-years or more, stopped when idle)',
    registers: [this.registry],
  });

  readonly reassessmentThreadPersonYears = new Counter({
    name: `${METRIC_PREFIX}reassessment_thread_person_years_total`,
    help: 'Person-years of region-wide reassessments decided on the reassessment threads',
    registers: [this.registry],
  });

  readonly reassessmentThreadFailures = new Counter({
    name: `${METRIC_PREFIX}reassessment_thread_failed_waves_total`,
    help: 'Waves the reassessment threads could not decide, decided on the event loop instead (the log says why)',
    registers: [this.registry],
  });

  readonly integrityWritable = new Gauge({
    name: `${METRIC_PREFIX}integrity_writable`,
    help: 'Whether the store passed verification and accepts writes (1), or is unverified or found tampered with (0)',
    registers: [this.registry],
  });

  readonly fullVerificationFinished = new Gauge({
    name: `${METRIC_PREFIX}full_verification_last_finished_timestamp_seconds`,
    help: 'When the last full verification of the store (scheduled or asked for) finished, Unix time; 0 before the first',
    registers: [this.registry],
  });

  readonly fullVerificationOk = new Gauge({
    name: `${METRIC_PREFIX}full_verification_last_ok`,
    help: 'Whether the last full verification found nothing (1), or found a problem or has not run yet (0)',
    registers: [this.registry],
  });

  readonly readModelCheckFinished = new Gauge({
    name: `${METRIC_PREFIX}read_models_check_last_finished_timestamp_seconds`,
    help: 'When the last scheduled check of the read models against a rebuild from the events finished, Unix time; 0 before the first (READ_MODELS_VERIFY_EVERY_HOURS)',
    registers: [this.registry],
  });

  readonly readModelCheckOk = new Gauge({
    name: `${METRIC_PREFIX}read_models_check_last_ok`,
    help: 'Whether the last read-model check found every read model equal to its rebuild (1), or found a difference or has not run yet (0)',
    registers: [this.registry],
  });

  readonly importRuns = new Counter({
    name: `${METRIC_PREFIX}imports_total`,
    help: 'Imports run over HTTP, by kind and mode (dry-run or real)',
    labelNames: ['kind', 'mode'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
  }

  /** The progress callback an import reports to. */
  importProgress(kind: ImportKind): (done: number, total: number) => void {
    return (done, total) => {
      this.importRowsTotal.set({ kind }, total);
      this.importRowsDone.set({ kind }, done);
    };
  }
}
