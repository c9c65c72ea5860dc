import { parentPort, workerData } from 'node:worker_threads';
import { openFollowingStore } from '../event-store/create-event-store';
import { AggregateStore } from './aggregate-store';
import { systemClock } from './clock';
import type { DecisionAnswer, DecisionThreadData, FromDecisionThread, PersonYearRef, ToDecisionThread } from './decision-thread.messages';
import { decidePersonYear, type ReassessmentReads } from './person-year-reassessment';
import { PolicyCatalog } from './policy-catalog';

/**
 * A decision thread: decides person-years' reassessments for the ledger on another core, reading
 * the streams through a read-only connection of its own and settling with `decidePersonYear`, the
 * function the ledger's thread runs, so the events are the same whichever thread decided. It keeps
 * no state between batches (the ledger may have appended since), only the policy catalog, which is
 * refreshed before every batch.
 */

/** States held while one batch is decided: a batch reads each person's and person-year's stream once. */
const BATCH_STATE_ENTRIES = 1_000;

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const serveDecisions = (data: DecisionThreadData): void => {
  const port = parentPort!;
  const post = (message: FromDecisionThread): void => port.postMessage(message);
  const { store } = openFollowingStore(data.store);
  const reads: ReassessmentReads = { aggregates: new AggregateStore(store, systemClock, BATCH_STATE_ENTRIES), catalog: new PolicyCatalog(store) };

  const decideOne = async ({ personId, year }: PersonYearRef, correctionId: string, reason: string): Promise<DecisionAnswer> => {
    try {
      const { loaded, events } = await decidePersonYear(reads, personId, year, correctionId, reason);
      return { revision: loaded.revision, claims: loaded.state.claims.length, events };
    } catch (error: unknown) {
      return { failed: describe(error) };
    }
  };

  const decideBatch = async (message: ToDecisionThread): Promise<readonly DecisionAnswer[]> => {
    reads.aggregates.forget();
    try {
      await reads.catalog.refresh();
    } catch (error: unknown) {
      return message.personYears.map(() => ({ failed: describe(error) }));
    }
    const answers: DecisionAnswer[] = [];
    for (const personYear of message.personYears) answers.push(await decideOne(personYear, message.correctionId, message.reason));
    return answers;
  };

  port.on('message', (message: ToDecisionThread) => {
    void decideBatch(message).then((answers) => post({ kind: 'decided', id: message.id, answers }));
  });
  post({ kind: 'ready' });
};

if (parentPort) serveDecisions(workerData as DecisionThreadData);
