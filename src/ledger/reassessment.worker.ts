import { parentPort, workerData } from 'node:worker_threads';
import { openFollowingStore } from '../event-store/create-event-store';
import type { EventStore } from '../event-store/event-store.port';
import { AggregateStore } from './aggregate-store';
import { systemClock } from './clock';
import type { LedgerContext } from './ledger-context';
import { PolicyCatalog } from './policy-catalog';
import { decideReassessment, type DecidedPersonYear } from './reassessment-decision';
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
 * service's sweep does not; each run it is told of brings its own revisions and correction.
 */
const serveReassessments = (data: ReassessmentThreadData): void => {
  const port = parentPort!;
  const { store } = openFollowingStore(data.store);
  const runs = new Map<number, Run>();
  // Messages are handled one after another, in the order they came: the thread's reads are synchronous anyway.
  let previous: Promise<void> = Promise.resolve();
  port.on('message', (message: ToReassessmentThread) => {
    previous = previous
      .then(async () => {
        if (message.kind === 'begin') runs.set(message.run.runId, { context: runContext(store, message.run), data: message.run });
        else if (message.kind === 'end') runs.delete(message.runId);
        else port.postMessage(await answer(runs.get(message.runId), message));
      })
      // Whatever went wrong, the chunk is answered (the service then decides it itself) and the next message is still handled.
      .catch((error: unknown) => {
        if (message.kind === 'decide') port.postMessage({ kind: 'failed', id: message.id, message: describe(error) } satisfies FromReassessmentThread);
      });
  });
};

const runContext = (store: EventStore, run: ReassessmentRunData): LedgerContext => {
  const catalog = new PolicyCatalog(store);
  for (const published of run.published) catalog.addRevision(published);
  return { store, catalog, clock: systemClock, aggregates: new AggregateStore(store, systemClock, 1).sweeping() };
};

const answer = async (run: Run | undefined, message: Extract<ToReassessmentThread, { kind: 'decide' }>): Promise<FromReassessmentThread> => {
  try {
    if (!run) throw new Error(`run ${message.runId} was not begun on this thread`);
    const outcomes: DecidedPersonYear[] = [];
    for (const { personId, year } of message.personYears) outcomes.push(await decideReassessment(run.context, personId, year, run.data.correctionId, run.data.reason));
    return { kind: 'decided', id: message.id, outcomes };
  } catch (error) {
    return { kind: 'failed', id: message.id, message: describe(error) };
  }
};

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

if (parentPort) serveReassessments(workerData as ReassessmentThreadData);
