import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { EventStoreConfig } from '../event-store/create-event-store';
import { spawnWorker } from '../shared/worker-job';
import { PositionWaiters } from './position-waiters';
import { MAX_CONSECUTIVE_FAILURES, retryDelayMs } from './retry-backoff';
import type { FromProjectionThread, ProjectionThreadData, ToProjectionThread } from './projection-thread.messages';
import type { LagReport, RunnerState } from './projection.runner';
import type { RunningProjections } from './running-projections';
import type { WalCheckpoints } from '../shared/wal-checkpointer';

/** A lag report the thread does not give within this is answered from what the service knows. */
export const LAG_REPLY_TIMEOUT_MS = 2_000;
/** How long `stop()` lets the thread finish its batch and close its connections before terminating it. */
export const STOP_TIMEOUT_MS = 5_000;
/** A thread that dies is started again this many times in a row (with back-off), then reported failed. */
export const MAX_THREAD_RESTARTS = MAX_CONSECUTIVE_FAILURES;

export interface ThreadedProjectionRunnerOptions {
  readonly store: EventStoreConfig;
  readonly dataDir: string;
  /** The service's store head, for lag reports while the thread cannot answer. */
  readonly headPosition: () => Promise<bigint>;
  /** Registers a listener for the service's own commits (embedded store); the thread is woken on each. */
  readonly onAppended?: (listener: () => void) => () => void;
  readonly log?: (level: 'info' | 'warn', message: string) => void;
  /** The thread's fallback poll of the embedded store (its default when unset). */
  readonly pollIntervalMs?: number;
  /** WAL_CHECKPOINTS, for the read database the thread writes. */
  readonly walCheckpoints?: WalCheckpoints;
}

/**
 * The projections on a thread of their own (src/projections/projection-runner.worker.ts): the service's
 * event loop only decides and appends, and the second core projects. Read-your-writes works as with
 * the in-process runner: the thread reports the position its answering read models hold after each
 * committed batch, and waiting requests are released from those reports. The read models are read
 * through the service's own connection to the same WAL database, which sees every committed batch.
 */
export class ThreadedProjectionRunner implements RunningProjections {
  private worker: Worker | null = null;
  private state: RunnerState = 'idle';
  private lastError: string | null = null;
  private answering = 0n;
  private restarts = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private unregisterAppended: (() => void) | null = null;
  private readonly waiters = new PositionWaiters();
  private readonly lagReplies = new Map<number, (report: LagReport) => void>();
  private nextLagId = 1;
  private started: { resolve: () => void; reject: (error: Error) => void } | null = null;
  private stopped: (() => void) | null = null;
  /** Why the thread's catch-up failed, until the thread it came from has ended. */
  private failure: string | null = null;

  constructor(private readonly options: ThreadedProjectionRunnerOptions) {}

  /** Resolves once the thread has caught up with the store and follows it live; rejects when it gave up restarting. */
  async start(): Promise<void> {
    if (this.worker !== null) return;
    this.state = 'live';
    this.unregisterAppended ??= this.options.onAppended?.(() => this.send({ kind: 'appended' })) ?? null;
    await new Promise<void>((resolve, reject) => {
      this.started = { resolve, reject };
      this.spawn();
    });
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.unregisterAppended?.();
    this.unregisterAppended = null;
    const worker = this.worker;
    if (worker !== null) {
      const exited = new Promise<void>((resolve) => (this.stopped = resolve));
      this.send({ kind: 'stop' });
      const timeout = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timeout);
    }
    this.waiters.releaseAll(this.answering);
  }

  async waitForPosition(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.answering >= position) return true;
    if (this.state === 'failed' || this.state === 'stopped') return false;
    return this.waiters.wait(position, timeoutMs);
  }

  async lag(): Promise<LagReport> {
    if (this.worker !== null && this.state === 'live') {
      const report = await this.askLag();
      if (report !== null) return report;
    }
    const head = await this.options.headPosition();
    const position = this.answering < head ? this.answering : head;
    return { state: this.state, headPosition: head.toString(), position: position.toString(), behind: (head - position).toString(), builds: [], lastError: this.lastError };
  }

  private spawn(): void {
    const { store, dataDir, pollIntervalMs, walCheckpoints } = this.options;
    const data: ProjectionThreadData = { store, dataDir, pollIntervalMs, walCheckpoints };
    const worker = spawnWorker(join(__dirname, 'projection-runner.worker'), data);
    this.worker = worker;
    worker.on('message', (message: FromProjectionThread) => this.onMessage(message));
    worker.on('error', (error) => this.onThreadDied(`projection thread failed: ${error.message}`));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.onThreadDied(`projection thread exited with code ${code}`);
    });
  }

  private onMessage(message: FromProjectionThread): void {
    switch (message.kind) {
      case 'position':
        return this.reached(BigInt(message.answering));
      case 'started':
        this.restarts = 0;
        this.reached(BigInt(message.answering));
        this.started?.resolve();
        this.started = null;
        return;
      case 'lag':
        this.lagReplies.get(message.id)?.(message.report);
        this.lagReplies.delete(message.id);
        return;
      case 'log':
        return this.options.log?.(message.level, message.message);
      case 'failed':
        // The catch-up failed (the store or the read database unavailable): the thread is ended and
        // started again like one that died, so a passing fault does not leave the read models behind.
        this.failure = message.message;
        void this.worker?.terminate();
        return;
      case 'stopped':
        this.worker = null;
        this.stopped?.();
        this.stopped = null;
        return;
    }
  }

  private reached(position: bigint): void {
    if (position > this.answering) this.answering = position;
    if (this.waiters.size > 0) this.waiters.release(this.answering);
  }

  /** An unexpected end of the thread: started again with back-off, a bounded number of times in a row. */
  private onThreadDied(message: string): void {
    this.worker = null;
    this.stopped?.();
    this.stopped = null;
    if (this.state === 'stopped') return;
    // The reason the thread gave before it was ended says more than its exit code.
    this.lastError = this.failure ?? message;
    this.failure = null;
    this.options.log?.('warn', this.lastError);
    this.restarts += 1;
    if (this.restarts > MAX_THREAD_RESTARTS) {
      this.state = 'failed';
      this.started?.reject(new Error(message));
      this.started = null;
      this.waiters.releaseAll(this.answering);
      return;
    }
    const delay = retryDelayMs(this.restarts);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.state === 'live') this.spawn();
    }, delay);
  }

  private askLag(): Promise<LagReport | null> {
    const id = this.nextLagId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.lagReplies.delete(id);
        resolve(null);
      }, LAG_REPLY_TIMEOUT_MS);
      this.lagReplies.set(id, (report) => {
        clearTimeout(timer);
        resolve(report);
      });
      this.send({ kind: 'lag', id });
    });
  }

  private send(message: ToProjectionThread): void {
    this.worker?.postMessage(message);
  }
}
