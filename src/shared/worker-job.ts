import { extname } from 'node:path';
import { Worker, parentPort, workerData } from 'node:worker_threads';

/**
 * A long job (a verification, a simulation) run on a thread of its own, so the service's event loop
 * keeps answering while it works. The job posts progress and one answer; the caller may cancel it,
 * which terminates the thread. Under ts-node (jest, `npm run start:dev`) the worker loads the
 * TypeScript source through ts-node; from dist/ it loads the compiled JavaScript.
 */

type WorkerMessage<P, R> =
  | { readonly kind: 'progress'; readonly progress: P }
  | { readonly kind: 'done'; readonly result: R }
  | { readonly kind: 'failed'; readonly message: string };

export interface WorkerJobRun<R> {
  readonly result: Promise<R>;
  /** Stops the thread; `result` then rejects with `WorkerJobCancelled`. */
  cancel(): Promise<void>;
}

export class WorkerJobCancelled extends Error {
  constructor() {
    super('the job was cancelled');
    this.name = 'WorkerJobCancelled';
  }
}

/**
 * Starts `entry` (an absolute module path without its extension) on a worker thread with `data` as
 * its `workerData`: the compiled JavaScript from dist/, or the TypeScript source through ts-node.
 */
export const spawnWorker = (entry: string, data: unknown): Worker => {
  const typescript = extname(__filename) === '.ts';
  return new Worker(`${entry}${typescript ? '.ts' : '.js'}`, { workerData: data, execArgv: typescript ? ['-r', 'ts-node/register/transpile-only'] : [] });
};

/** Starts `entry` (a module path without its extension, next to the caller's file) on a worker thread with `job` as its input. */
export const runWorkerJob = <J, P, R>(entry: string, job: J, onProgress?: (progress: P) => void): WorkerJobRun<R> => {
  const worker = spawnWorker(entry, job);
  let cancelled = false;
  const result = new Promise<R>((resolve, reject) => {
    let answered = false;
    worker.on('message', (message: WorkerMessage<P, R>) => {
      if (message.kind === 'progress') return onProgress?.(message.progress);
      answered = true;
      if (message.kind === 'done') resolve(message.result);
      else reject(new Error(message.message));
    });
    worker.on('error', (error) => ((answered = true), reject(error)));
    worker.on('exit', (code) => {
      if (!answered) reject(cancelled ? new WorkerJobCancelled() : new Error(`the worker exited with code ${code} before answering`));
    });
  });
  const cancel = async (): Promise<void> => {
    cancelled = true;
    await worker.terminate();
  };
  return { result, cancel };
};

/** The worker side: runs `body` on the job it was started with, posting its progress and its one answer. */
export const serveWorkerJob = <J, P, R>(body: (job: J, progress: (progress: P) => void) => Promise<R>): void => {
  const port = parentPort;
  if (!port) throw new Error('serveWorkerJob runs on a worker thread only');
  body(workerData as J, (progress) => port.postMessage({ kind: 'progress', progress }))
    .then((result) => port.postMessage({ kind: 'done', result }))
    .catch((error: unknown) => port.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }));
};

/**
 * One long job at a time on a worker thread: a caller asking while a run is in progress joins it
 * (operators pressing a button twice, or a schedule meeting a request, do not start two walks of
 * the store), a run longer than `timeoutMs` is abandoned (its thread terminated), and `cancel` stops
 * the run in progress (on shutdown: a walk of the store must not outlive the service).
 */
export class SingleWorkerJob<J, R> {
  private running: Promise<R> | null = null;
  private current: WorkerJobRun<R> | null = null;

  constructor(
    /** The worker's module path without its extension (`join(__dirname, 'name.worker')`). */
    private readonly entry: string,
    private readonly timeoutMs: number,
  ) {}

  run(job: () => J): Promise<R> {
    this.running ??= this.runOnce(job()).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async cancel(): Promise<void> {
    await this.current?.cancel();
  }

  private async runOnce(job: J): Promise<R> {
    const run = runWorkerJob<J, never, R>(this.entry, job);
    this.current = run;
    const timer = setTimeout(() => void run.cancel(), this.timeoutMs);
    try {
      return await run.result;
    } finally {
      clearTimeout(timer);
      this.current = null;
    }
  }
}
