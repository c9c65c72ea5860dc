import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { EventStoreConfig } from '../event-store/create-event-store';
import { spawnWorker } from '../shared/worker-job';
import type { Decided, DecisionAnswer, DecisionThreadData, FromDecisionThread, PersonYearRef, ToDecisionThread } from './decision-thread.messages';
import { decidePersonYear, type ReassessmentReads } from './person-year-reassessment';

/** Person-years handed to one thread at a time: small enough that the threads share a wave evenly, large enough that one message carries a few milliseconds of work. */
const BATCH_PERSON_YEARS = 16;
/**
 * Batches a thread holds at once: with two, it starts the next as soon as it answers one, instead of
 * idling until the ledger's thread, busy with a batch of its own, hands it another.
 */
const BATCHES_IN_FLIGHT_PER_THREAD = 2;
/** More decision threads than this would only compete with the writer and the projection thread. */
export const DECISION_THREADS_MAX = 8;

export interface DecisionThreadsOptions {
  /** Threads beside the ledger's own; 0 decides everything on the ledger's thread. */
  readonly threads: number;
  /** Where the threads open their own read-only connection to the store. */
  readonly store?: EventStoreConfig;
}

/** The next batches of a wave, by index range; `stop` ends it early when a decision fails. */
class BatchQueue {
  private next = 0;
  private stopped = false;

  constructor(private readonly size: number) {}

  take(): { readonly from: number; readonly to: number } | null {
    if (this.stopped || this.next >= this.size) return null;
    const from = this.next;
    this.next = Math.min(this.size, from + BATCH_PERSON_YEARS);
    return { from, to: this.next };
  }

  stop(): void {
    this.stopped = true;
  }
}

/** Lets the event loop run between batches: thread answers are handled and requests keep being served. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Where a region-wide reassessment decides its person-years: on the ledger's own thread, and on as
 * many decision threads as it was given (none in tests unless asked; one fewer than the cores in the
 * service). A wave is handed out in small batches to whichever is free, so a slow or still-starting
 * thread never holds the others up, and every answer is put back in the wave's order: the events
 * and the report do not depend on which thread decided what. A thread reads the person-years itself,
 * on its own connection, which is where a reassessment of states not in memory spends most of its
 * time. A thread that fails or exits loses nothing: what it had not answered is decided here.
 */
export class ReassessmentDecisions {
  private readonly threads: DecisionThread[];
  private readonly decided = { all: 0, onThreads: 0 };

  constructor(options: DecisionThreadsOptions) {
    const { threads, store } = options;
    if (!Number.isSafeInteger(threads) || threads < 0 || threads > DECISION_THREADS_MAX) {
      throw new RangeError(`decision threads must be a whole number from 0 to ${DECISION_THREADS_MAX}, got ${threads}`);
    }
    if (threads > 0 && store === undefined) throw new RangeError('decision threads need the store settings to open their own connection');
    this.threads = Array.from({ length: threads }, () => new DecisionThread({ store: store! }));
  }

  /** Each person-year of a wave decided (in the order given), with the revision it was decided at. */
  async decideWave(reads: ReassessmentReads, personYears: readonly PersonYearRef[], correctionId: string, reason: string): Promise<Decided[]> {
    this.decided.all += personYears.length;
    const decideHere = async ({ personId, year }: PersonYearRef): Promise<Decided> => {
      const { loaded, events } = await decidePersonYear(reads, personId, year, correctionId, reason);
      return { revision: loaded.revision, claims: loaded.state.claims.length, events };
    };
    const answers: Array<Decided | undefined> = new Array(personYears.length);
    const queue = new BatchQueue(personYears.length);
    const feeding = this.threads.filter((thread) => thread.ready).flatMap((thread) => Array.from({ length: BATCHES_IN_FLIGHT_PER_THREAD }, () => thread));
    const elsewhere = feeding.map((thread) => feed(thread, { personYears, correctionId, reason }, queue, answers));
    try {
      for (let batch = queue.take(); batch; batch = queue.take()) {
        for (let index = batch.from; index < batch.to; index += 1) answers[index] = await decideHere(personYears[index]!);
        await yieldToEventLoop();
      }
    } finally {
      queue.stop();
      this.decided.onThreads += (await Promise.all(elsewhere)).reduce((sum, answered) => sum + answered, 0);
    }
    // A person-year a thread failed on, or did not answer, is decided here: the same decision, or the same error.
    const all: Decided[] = [];
    for (let index = 0; index < personYears.length; index += 1) all.push(answers[index] ?? (await decideHere(personYears[index]!)));
    return all;
  }

  /** Person-years decided so far on the threads and in all: the share the threads took. */
  counts(): { readonly onThreads: number; readonly all: number } {
    return { ...this.decided };
  }

  /** Resolves once every thread has started (a thread not ready yet is simply given nothing). */
  ready(): Promise<void> {
    return Promise.all(this.threads.map((thread) => thread.started)).then(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.close()));
  }
}

interface Wave {
  readonly personYears: readonly PersonYearRef[];
  readonly correctionId: string;
  readonly reason: string;
}

/** Hands batches to one thread until the wave is taken; answers how many person-years the thread decided. */
const feed = async (thread: DecisionThread, wave: Wave, queue: BatchQueue, answers: Array<Decided | undefined>): Promise<number> => {
  let decided = 0;
  for (let batch = queue.take(); batch; batch = queue.take()) {
    let answered: readonly DecisionAnswer[];
    try {
      answered = await thread.decide(wave.personYears.slice(batch.from, batch.to), wave.correctionId, wave.reason);
    } catch {
      // The thread is gone; what it held is decided on the caller's thread afterwards.
      return decided;
    }
    answered.forEach((answer, offset) => {
      if ('failed' in answer) return;
      answers[batch.from + offset] = answer;
      decided += 1;
    });
  }
  return decided;
};

/** One decision thread: its worker and the batches it has not answered yet. */
class DecisionThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (answers: readonly DecisionAnswer[]) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private alive = true;
  private markStarted: () => void = () => undefined;
  ready = false;
  /** Resolves when the thread is ready, or is lost before it was. */
  readonly started = new Promise<void>((resolve) => (this.markStarted = resolve));

  constructor(data: DecisionThreadData) {
    this.worker = spawnWorker(join(__dirname, 'decision-thread.worker'), data);
    // An idle decision thread never keeps the process alive.
    this.worker.unref();
    this.worker.on('message', (message: FromDecisionThread) => this.received(message));
    this.worker.on('error', (error) => this.lost(error));
    this.worker.on('exit', (code) => this.lost(new Error(`the decision thread exited with code ${code}`)));
  }

  decide(personYears: readonly PersonYearRef[], correctionId: string, reason: string): Promise<readonly DecisionAnswer[]> {
    if (!this.alive) return Promise.reject(new Error('the decision thread has stopped'));
    const message: ToDecisionThread = { kind: 'decide', id: (this.nextId += 1), correctionId, reason, personYears };
    return new Promise((resolve, reject) => {
      this.waiting.set(message.id, { resolve, reject });
      this.worker.postMessage(message);
    });
  }

  async close(): Promise<void> {
    if (!this.alive) return;
    this.alive = false;
    await this.worker.terminate();
  }

  private received(message: FromDecisionThread): void {
    if (message.kind === 'ready') {
      this.ready = true;
      this.markStarted();
      return;
    }
    const waiting = this.waiting.get(message.id);
    this.waiting.delete(message.id);
    waiting?.resolve(message.answers);
  }

  private lost(error: Error): void {
    this.alive = false;
    this.ready = false;
    this.markStarted();
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}
