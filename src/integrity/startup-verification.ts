import { join } from 'node:path';
import { isGlobalChainSource, type EventStore } from '../event-store/event-store.port';
import { readWitnessFile } from './checkpoint';
import { innermostStore } from './guarded-event-store';
import type { IntegrityGate } from './integrity-gate';
import { verifyIntegrity, type IntegrityReport } from './integrity-verifier';
import { verifyInWorker } from './verify-in-worker';
import { describeFindings } from './verify-report-text';
import { WITNESS_FILE } from './witness.file';

/** Stores with fewer events than this are verified in-process: a worker's start-up costs more than the work. */
export const IN_PROCESS_MAX_EVENTS = 5_000;
const PROGRESS_LOG_INTERVAL_MS = 2_000;

export interface StartupVerificationOptions {
  readonly dataDir: string;
  readonly log: (message: string) => void;
  readonly error: (message: string) => void;
  /** Overrides IN_PROCESS_MAX_EVENTS (tests force the worker with 0). */
  readonly inProcessMaxEvents?: number;
}

/**
 * Start-up verification, before anything may write: every stream's chain, and the global chain from
 * the newest signed checkpoint the store still matches (a full walk when there is none), in a worker
 * thread when the embedded store has much to check, with progress in the log. The verdict goes to
 * the gate. Nothing unsigned in the data directory decides where the walk resumes.
 */
export const verifyOnStart = async (store: EventStore, gate: IntegrityGate, options: StartupVerificationOptions): Promise<void> => {
  let report: IntegrityReport;
  try {
    report = await runVerification(store, gate, options);
  } catch (error) {
    const reason = `the event store could not be verified: ${error instanceof Error ? error.message : String(error)}`;
    options.error(reason);
    gate.broken(reason);
    return;
  }
  if (!report.ok) {
    const reason = `the event store failed verification: ${describeFindings(report).slice(0, 5).join('; ')}`;
    options.error(reason);
    gate.broken(reason);
    return;
  }
  gate.verified(report);
  options.log(`event store verified: ${report.globalEventsChecked} events from the last signed checkpoint on, ${report.checkpointsChecked} checkpoints`);
};

const runVerification = async (store: EventStore, gate: IntegrityGate, options: StartupVerificationOptions): Promise<IntegrityReport> => {
  const witnesses = readWitnessFile(join(options.dataDir, WITNESS_FILE));
  const embedded = isGlobalChainSource(innermostStore(store));
  const progress = progressLogger(options.log);
  const head = await store.headPosition();
  // Every stream's chain is checked in full (only the global walk resumes at the anchor), so the
  // store's size, not the distance from the anchor, decides whether the work leaves the event loop.
  if (embedded && head > BigInt(options.inProcessMaxEvents ?? IN_PROCESS_MAX_EVENTS)) {
    options.log(`verifying the event store in a worker thread up to position ${head}, the global chain from the last signed checkpoint on`);
    return verifyInWorker({ dataDir: options.dataDir, publicKeyPem: gate.key.publicKeyPem, witnesses, incremental: true }, progress);
  }
  return verifyIntegrity(store, { publicKey: gate.key, witnesses, incremental: embedded, progress });
};

const progressLogger = (log: (message: string) => void): ((position: bigint, checked: number) => void) => {
  let last = Date.now();
  return (position, checked) => {
    if (Date.now() - last < PROGRESS_LOG_INTERVAL_MS) return;
    last = Date.now();
    log(`verification progress: ${checked} events checked, at position ${position}`);
  };
};
