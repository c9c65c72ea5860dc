import { parentPort, workerData } from 'node:worker_threads';
import { openFollowingStore } from '../event-store/create-event-store';
import type { EventStore } from '../event-store/event-store.port';
import { AggregateStore } from './aggregate-store';
import { systemClock } from './clock';
import type { LedgerContext } from './ledger-context';
import { SqliteStateSnapshots } from '../event-store/sqlite/sqlite-state-snapshots';
import { PolicyCatalog } from './policy-catalog';
import { decideReassessment, type DecidedPersonYear } from './reassessment-decision';
import type { StateSnapshots } from './state-snapshots';
import type { FromReassessmentThread, ReassessmentRunData, ReassessmentThreadData, ToReassessmentThread } from './reassessment-thread.messages';

interface Run {
  readonly context: LedgerContext;
  readonly data: ReassessmentRunData;
}

/**
 * A reassessment thread: decides person-years of region-wide reassessments with its own read-only
 * connection to the store (under the writer's read horizon on the embedded store) and answers what
 * each would record. It never appends: the service appends the few that change, deciding them again
 * under its own locks (reassessment.service.ts). It holds no state between person-years, as the
 * service's sweep does not; each run it is told of brings its own revisions and correction. On the
 * embedded store, given a key, it starts each stream from the state it kept for it and keeps the newer
 * ones (state-snapshots.ts): reading and parsing every event was most of a thread's time.
 */
const serveReassessments = (data: ReassessmentThreadData): void => {
  const port = parentPort!;
  const { store, heads } = openFollowingStore(data.store);
  const kept = heads && data.snapshotKey ? openSnapshots(data.store.dataDir, data.snapshotKey) : undefined;
  const snapshots = kept && heads ? { kept, heads } : undefined;
  const runs = new Map<number, Run>();
  // Messages are handled one after another, in the order they came: the thread's reads are synchronous anyway.
  let previous: Promise<void> = Promise.resolve();
  port.on('message', (message: ToReassessmentThread) => {
    previous = previous
      .then(async () => {
        if (message.kind === 'begin') runs.set(message.run.runId, { context: runContext(store, message.run, snapshots), data: message.run });
        else if (message.kind === 'end') runs.delete(message.runId);
        else port.postMessage(await answer(runs.get(message.runId), message, snapshots?.kept));
      })
      // Whatever went wrong, the chunk is answered (the service then decides it itself) and the next message is still handled.
      .catch((error: unknown) => {
        if (message.kind === 'decide') port.postMessage({ kind: 'failed', id: message.id, message: describe(error) } satisfies FromReassessmentThread);
      });
  });
};

/** Kept states only save time: a thread that cannot open their file (a read-only directory) folds every stream, and its counts stay at zero. */
const openSnapshots = (dataDir: string, key: Uint8Array): SqliteStateSnapshots | undefined => {
  try {
    return new SqliteStateSnapshots(dataDir, key);
  } catch {
    return undefined;
  }
};

const runContext = (store: EventStore, run: ReassessmentRunData, snapshots: StateSnapshots | undefined): LedgerContext => {
  const catalog = new PolicyCatalog(store);
  for (const published of run.published) catalog.addRevision(published);
  return { store, catalog, clock: systemClock, aggregates: new AggregateStore(store, systemClock, 1).sweeping(snapshots) };
};

const answer = async (run: Run | undefined, message: Extract<ToReassessmentThread, { kind: 'decide' }>, kept: SqliteStateSnapshots | undefined): Promise<FromReassessmentThread> => {
  try {
    if (!run) throw new Error(`run ${message.runId} was not begun on this thread`);
    const outcomes: DecidedPersonYear[] = [];
    for (const { personId, year } of message.personYears) outcomes.push(await decideReassessment(run.context, personId, year, run.data.correctionId, run.data.reason));
    // The chunk's newer states are written in one transaction before it is answered.
    kept?.flush();
    return { kind: 'decided', id: message.id, outcomes, snapshots: kept?.takeCounts() ?? NO_SNAPSHOTS };
  } catch (error) {
    return { kind: 'failed', id: message.id, message: describe(error) };
  }
};

const NO_SNAPSHOTS = { used: 0, refused: 0, written: 0, dropped: 0 } as const;

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

if (parentPort) serveReassessments(workerData as ReassessmentThreadData);
