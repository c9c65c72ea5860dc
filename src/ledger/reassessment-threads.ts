import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { PublishedPack } from '../domain/policy/policy-pack';
import type { EventStoreConfig } from '../event-store/create-event-store';
import { spawnWorker } from '../shared/worker-job';
import type { DecidedPersonYear } from './reassessment-decision';
import type { FromReassessmentThread, PersonYearRef, ReassessmentRunData, ToReassessmentThread } from './reassessment-thread.messages';

/**
 * Person-years a thread is given at once. At about a quarter of a millisecond each, a chunk is tens
 * of milliseconds of work against a message of microseconds, and a wave of 2,048 still splits evenly.
 */
const CHUNK_PERSON_YEARS = 128;
/** Chunks a thread holds at once: the next is there when it finishes one, and the rest wait for whichever thread is free. */
const CHUNKS_PER_THREAD = 2;
/**
 * Below this many person-years a region is decided on the event loop: the threads' first start (their
 * modules, their connections: 0.17 s compiled, seconds under ts-node) costs more than the work they
 * would take over (a person-year is decided in about a quarter of a millisecond, docs/performance.md, limit 5).
 */
export const DEFAULT_MIN_PERSON_YEARS = 4096;
/**
 * A chunk not answered in this long means its thread is stuck (a chunk is tens of milliseconds of
 * work, and a thread's first start a few seconds under ts-node): the thread is stopped, and its
 * chunks are decided on the event loop.
 */
export const DEFAULT_CHUNK_TIMEOUT_MS = 120_000;
/** Idle threads are stopped after this long: each holds a connection and its own heap. */
export const DEFAULT_IDLE_STOP_MS = 60_000;
export const MAX_REASSESSMENT_THREADS = 16;

export interface ReassessmentThreadsOptions {
  /** Where the threads read: the service's store, with the embedded writer's read horizon. */
  readonly store: EventStoreConfig;
  /** Threads a large region-wide reassessment uses (REASSESSMENT_THREADS); 0 decides every person-year on the event loop. */
  readonly threads: number;
  readonly minPersonYears?: number;
  /** Person-years a thread is given at once (tests give few, to spread a small region over every thread). */
  readonly chunkPersonYears?: number;
  readonly chunkTimeoutMs?: number;
  readonly idleStopMs?: number;
  /** Told when a wave could not be decided on the threads and is decided on the event loop instead. */
  readonly log?: (message: string) => void;
}

interface Chunk {
  readonly id: number;
  readonly runId: number;
  readonly personYears: readonly PersonYearRef[];
  readonly resolve: (outcomes: readonly DecidedPersonYear[]) => void;
  readonly reject: (error: Error) => void;
}

interface Thread {
  readonly worker: Worker;
  readonly inFlight: Map<number, Chunk>;
  /** Set while the thread holds a chunk: stops the thread if the oldest is not answered in time. */
  watchdog: NodeJS.Timeout | null;
  alive: boolean;
}

/** Where a region-wide reassessment has its person-years decided, if anywhere but the event loop (a port: tests stand in for the threads). */
export interface PersonYearDeciders {
  /** Deciders for one run, or null when the run should be decided on the event loop; the run must be ended. */
  open(personYears: number, published: readonly PublishedPack[], correction: { correctionId: string; reason: string }): DecidingRun | null;
}

/**
 * Where a region-wide reassessment decides its person-years: worker threads, each with its own
 * read-only connection, so reading and folding a region's streams (most of a reassessment's time,
 * docs/performance.md, limit 5) uses every core. The threads only decide; the service appends. They
 * start with the first run large enough for them, serve every run after it (each with its own
 * revisions and correction), and stop when idle for a while or when whoever made them closes them.
 */
export class ReassessmentThreads implements PersonYearDeciders {
  private threads: Thread[] = [];
  private readonly waiting: Chunk[] = [];
  private readonly runs = new Set<number>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;
  private decidedOnThreads = 0;
  private wavesFailed = 0;

  constructor(private readonly options: ReassessmentThreadsOptions) {}

  /** Threads for one run, or null when the run is too small for them or none are configured; the run must be ended. */
  open(personYears: number, published: readonly PublishedPack[], correction: { correctionId: string; reason: string }): DecidingRun | null {
    if (this.options.threads < 1 || personYears < (this.options.minPersonYears ?? DEFAULT_MIN_PERSON_YEARS)) return null;
    this.cancelIdleStop();
    if (!this.threads.some((thread) => thread.alive)) this.threads = this.startThreads();
    const run: ReassessmentRunData = { runId: this.nextId++, published, ...correction };
    this.runs.add(run.runId);
    this.broadcast({ kind: 'begin', run });
    return {
      decide: (wave) => this.decide(run.runId, wave),
      end: () => this.end(run.runId),
    };
  }

  /** Person-years decided on threads so far: how an operator (and a test) knows the threads did the work. */
  decided(): number {
    return this.decidedOnThreads;
  }

  /** Waves the threads could not decide, so that the event loop decided them: a thread failing, dying or refusing. */
  failedWaves(): number {
    return this.wavesFailed;
  }

  /** Threads running now: none before the first large run and after an idle stop. */
  running(): number {
    return this.threads.filter((thread) => thread.alive).length;
  }

  /**
   * Stops the threads now. They only read, so stopping one mid-chunk loses nothing: each one's exit
   * fails the chunks it held, and the waiting ones fail unless a later run has started threads again.
   */
  async close(): Promise<void> {
    this.cancelIdleStop();
    const stopping = this.threads.map((thread) => thread.worker.terminate());
    this.threads = [];
    await Promise.all(stopping);
  }

  private decide(runId: number, personYears: readonly PersonYearRef[]): Promise<DecidedPersonYear[] | null> {
    const parts: Array<Promise<readonly DecidedPersonYear[]>> = [];
    const size = this.options.chunkPersonYears ?? CHUNK_PERSON_YEARS;
    for (let start = 0; start < personYears.length; start += size) {
      const chunk = personYears.slice(start, start + size);
      parts.push(new Promise((resolve, reject) => this.waiting.push({ id: this.nextId++, runId, personYears: chunk, resolve, reject })));
    }
    this.dispatch();
    return Promise.all(parts).then(
      (decided) => decided.flat(),
      (error: Error) => {
        this.wavesFailed += 1;
        this.options.log?.(`reassessment threads: a wave is decided on the event loop instead (${error.message})`);
        return null;
      },
    );
  }

  private end(runId: number): void {
    this.runs.delete(runId);
    // A run that ended early (a refusal) leaves chunks no one waits for: they are dropped, not decided.
    for (let index = this.waiting.length - 1; index >= 0; index -= 1) if (this.waiting[index].runId === runId) this.waiting.splice(index, 1);
    this.broadcast({ kind: 'end', runId });
    if (this.runs.size > 0) return;
    // Idle threads do not keep the process alive, and stop after a while.
    for (const thread of this.threads) thread.worker.unref();
    this.idleTimer = setTimeout(() => void this.close(), this.options.idleStopMs ?? DEFAULT_IDLE_STOP_MS);
    this.idleTimer.unref();
  }

  private startThreads(): Thread[] {
    const count = Math.min(this.options.threads, MAX_REASSESSMENT_THREADS);
    return Array.from({ length: count }, () => {
      const thread: Thread = { worker: spawnWorker(join(__dirname, 'reassessment.worker'), { store: this.options.store }), inFlight: new Map(), watchdog: null, alive: true };
      thread.worker.on('message', (message: FromReassessmentThread) => this.answered(thread, message));
      thread.worker.on('error', (error) => this.stopped(thread, error));
      thread.worker.on('exit', (code) => this.stopped(thread, new Error(`a reassessment thread exited with code ${code}`)));
      return thread;
    });
  }

  private broadcast(message: ToReassessmentThread): void {
    for (const thread of this.threads) {
      if (!thread.alive) continue;
      // A run keeps the process alive until it ends (the CLI waits on nothing else).
      if (message.kind === 'begin') thread.worker.ref();
      thread.worker.postMessage(message);
    }
  }

  private answered(thread: Thread, message: FromReassessmentThread): void {
    const chunk = thread.inFlight.get(message.id);
    if (!chunk) return;
    thread.inFlight.delete(message.id);
    this.watch(thread);
    if (message.kind === 'decided') {
      this.decidedOnThreads += message.outcomes.length;
      chunk.resolve(message.outcomes);
    } else chunk.reject(new Error(message.message));
    this.dispatch();
  }

  private stopped(thread: Thread, error: Error): void {
    if (!thread.alive) return;
    thread.alive = false;
    for (const chunk of thread.inFlight.values()) chunk.reject(error);
    thread.inFlight.clear();
    this.watch(thread);
    this.dispatch();
  }

  private dispatch(): void {
    for (const thread of this.threads) {
      while (thread.alive && thread.inFlight.size < CHUNKS_PER_THREAD && this.waiting.length > 0) {
        const chunk = this.waiting.shift()!;
        thread.inFlight.set(chunk.id, chunk);
        thread.worker.postMessage({ kind: 'decide', id: chunk.id, runId: chunk.runId, personYears: chunk.personYears } satisfies ToReassessmentThread);
        this.watch(thread);
      }
    }
    if (!this.threads.some((thread) => thread.alive)) this.failWaiting(new Error('no reassessment thread is running'));
  }

  /** Restarts a thread's watchdog for the chunks it holds now (none: no watchdog). */
  private watch(thread: Thread): void {
    if (thread.watchdog) clearTimeout(thread.watchdog);
    thread.watchdog = null;
    if (thread.inFlight.size === 0) return;
    const timeoutMs = this.options.chunkTimeoutMs ?? DEFAULT_CHUNK_TIMEOUT_MS;
    thread.watchdog = setTimeout(() => {
      this.stopped(thread, new Error(`a reassessment thread did not answer within ${timeoutMs} ms and was stopped`));
      void thread.worker.terminate();
    }, timeoutMs);
  }

  private failWaiting(error: Error): void {
    for (const chunk of this.waiting.splice(0)) chunk.reject(error);
  }

  private cancelIdleStop(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}

/** One run's use of the threads: what they decided for a wave (null when they could not), and its end. */
export interface DecidingRun {
  decide(personYears: readonly PersonYearRef[]): Promise<DecidedPersonYear[] | null>;
  end(): void;
}
