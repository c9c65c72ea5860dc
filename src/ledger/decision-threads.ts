import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { decideBenefitYear, type BenefitYear, type BenefitYearEvent, type Reassess } from '../domain/benefit-year/benefit-year.decider';
import type { PublishedPack } from '../domain/policy/policy-pack';
import { spawnWorker } from '../shared/worker-job';
import { packKeyOf, type ContextByKey, type DecisionAnswer, type FromDecisionThread, type ReassessDecision, type ToDecisionThread } from './decision-thread.messages';

/** One person-year's reassessment decision: its loaded state and the command decided against it. */
export interface PendingDecision {
  readonly state: BenefitYear;
  readonly command: Reassess;
}

/**
 * A batch handed to one thread at a time: at most this many person-years, and it closes once it holds
 * this many claims. Small enough that the threads share a wave evenly, large enough that one message
 * carries about a millisecond of work.
 */
const BATCH_PERSON_YEARS_MAX = 16;
const BATCH_CLAIMS = 32;
/**
 * Batches a thread holds at once: with two, it starts the next as soon as it answers one, instead of
 * idling until the ledger's thread, busy with a batch of its own, hands it another.
 */
const BATCHES_IN_FLIGHT_PER_THREAD = 2;
/** More decision threads than this would only compete with the writer and the projection thread. */
export const DECISION_THREADS_MAX = 8;

/** The next batches of a wave, by index range; `stop` ends it early when a decision fails. */
class BatchQueue {
  private next = 0;
  private stopped = false;

  constructor(private readonly decisions: readonly PendingDecision[]) {}

  take(): { readonly from: number; readonly to: number } | null {
    if (this.stopped || this.next >= this.decisions.length) return null;
    const from = this.next;
    let claims = 0;
    while (this.next < this.decisions.length && this.next - from < BATCH_PERSON_YEARS_MAX && claims < BATCH_CLAIMS) {
      claims += this.decisions[this.next]!.state.claims.length;
      this.next += 1;
    }
    return { from, to: this.next };
  }

  stop(): void {
    this.stopped = true;
  }
}

const decideHere = (decision: PendingDecision): BenefitYearEvent[] => decideBenefitYear(decision.command, decision.state);

/** Lets the event loop run between batches: thread answers are handled and requests keep being served. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Where a region-wide reassessment takes its decisions: on the ledger's own thread, and on as many
 * decision threads as it was given (none by default in tests; one fewer than the cores in the
 * service). A wave's person-years are handed out in small batches to whichever is free, so a slow or
 * still-starting thread never holds the others up, and every answer is put back in the wave's order:
 * the events and the report do not depend on which thread decided what. A thread that fails or exits
 * loses nothing: what it had not answered is decided on the ledger's thread.
 */
export class ReassessmentDecisions {
  private readonly threads: DecisionThread[];
  private readonly decided = { all: 0, onThreads: 0 };

  constructor(threads: number) {
    if (!Number.isSafeInteger(threads) || threads < 0 || threads > DECISION_THREADS_MAX) {
      throw new RangeError(`decision threads must be a whole number from 0 to ${DECISION_THREADS_MAX}, got ${threads}`);
    }
    this.threads = Array.from({ length: threads }, () => new DecisionThread());
  }

  /** The events decided for each person-year, in the order given. */
  async decideAll(decisions: readonly PendingDecision[]): Promise<BenefitYearEvent[][]> {
    this.decided.all += decisions.length;
    const answers: Array<BenefitYearEvent[] | undefined> = new Array(decisions.length);
    const queue = new BatchQueue(decisions);
    const feeding = this.threads.filter((thread) => thread.ready).flatMap((thread) => Array.from({ length: BATCHES_IN_FLIGHT_PER_THREAD }, () => thread));
    const elsewhere = feeding.map((thread) => feed(thread, decisions, queue, answers));
    try {
      for (let batch = queue.take(); batch; batch = queue.take()) {
        for (let index = batch.from; index < batch.to; index += 1) answers[index] = decideHere(decisions[index]!);
        await yieldToEventLoop();
      }
    } finally {
      queue.stop();
      this.decided.onThreads += (await Promise.all(elsewhere)).reduce((sum, answered) => sum + answered, 0);
    }
    // A person-year a thread failed on, or did not answer, is decided here: the same decision, or the same error.
    // (Not `answers.map`: it skips the holes an unanswered slot leaves.)
    return Array.from(decisions, (decision, index) => answers[index] ?? decideHere(decision));
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

/** Hands batches to one thread until the wave is taken; answers how many person-years the thread decided. */
const feed = async (thread: DecisionThread, decisions: readonly PendingDecision[], queue: BatchQueue, answers: Array<BenefitYearEvent[] | undefined>): Promise<number> => {
  let decided = 0;
  for (let batch = queue.take(); batch; batch = queue.take()) {
    let answered: readonly DecisionAnswer[];
    try {
      answered = await thread.decide(decisions.slice(batch.from, batch.to));
    } catch {
      // The thread is gone; what it held is decided on the caller's thread afterwards.
      return decided;
    }
    answered.forEach((answer, offset) => {
      if (!('events' in answer)) return;
      answers[batch.from + offset] = answer.events;
      decided += 1;
    });
  }
  return decided;
};

/** One decision thread: its worker, the packs it holds, and the batches it has not answered yet. */
class DecisionThread {
  private readonly worker: Worker;
  private readonly packsSent = new Set<string>();
  private readonly waiting = new Map<number, { resolve: (answers: readonly DecisionAnswer[]) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private alive = true;
  private markStarted: () => void = () => undefined;
  ready = false;
  /** Resolves when the thread is ready, or is lost before it was. */
  readonly started = new Promise<void>((resolve) => (this.markStarted = resolve));

  constructor() {
    this.worker = spawnWorker(join(__dirname, 'decision-thread.worker'), null);
    // An idle decision thread never keeps the process alive.
    this.worker.unref();
    this.worker.on('message', (message: FromDecisionThread) => this.received(message));
    this.worker.on('error', (error) => this.lost(error));
    this.worker.on('exit', (code) => this.lost(new Error(`the decision thread exited with code ${code}`)));
  }

  decide(decisions: readonly PendingDecision[]): Promise<readonly DecisionAnswer[]> {
    if (!this.alive) return Promise.reject(new Error('the decision thread has stopped'));
    const packs: PublishedPack[] = [];
    const message: ToDecisionThread = { kind: 'decide', id: (this.nextId += 1), packs, decisions: decisions.map((decision) => this.asMessage(decision, packs)) };
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

  /** The decision with each context's pack named by key; packs the thread has not had yet are added to `packs`. */
  private asMessage(decision: PendingDecision, packs: PublishedPack[]): ReassessDecision {
    const contexts: Record<string, ContextByKey> = {};
    for (const [claimId, context] of Object.entries(decision.command.data.contexts)) {
      const key = packKeyOf(context.policy.ref);
      if (!this.packsSent.has(key)) {
        this.packsSent.add(key);
        packs.push(context.policy);
      }
      contexts[claimId] = { pack: key, heldCategories: context.heldCategories };
    }
    const { correctionId, reason } = decision.command.data;
    return { state: decision.state, correctionId, reason, contexts };
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
