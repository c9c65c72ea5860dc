import { closeSync, fsyncSync, mkdtempSync, openSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Timing, latency percentiles, memory sampling, bounded concurrency and temporary directories: the
 * small tools every measurement shares. Times are `performance.now()` milliseconds (monotonic); the
 * wall clock is never used to time anything.
 */

export const nowMs = (): number => performance.now();

/** CPU time of this process since `start` (all threads), which a busy machine disturbs far less than the wall clock. */
export const cpuMsSince = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

/** The value at quantile q (0..1) of already sorted samples, nearest-rank; NaN when there are none. */
export const quantile = (sorted: readonly number[], q: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
};

export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export const summarizeLatencies = (samplesMs: readonly number[]): LatencySummary => {
  const sorted = [...samplesMs].sort((left, right) => left - right);
  return { count: sorted.length, p50Ms: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99), maxMs: sorted[sorted.length - 1] ?? Number.NaN };
};

/**
 * Samples the resident set size on a timer and keeps the peak and a bounded series, so a rebuild can
 * show whether memory stays flat. Sampling every 50 ms costs nothing measurable next to the work.
 */
export class RssSampler {
  private static readonly MAX_SAMPLES = 10_000;
  private timer: NodeJS.Timeout | null = null;
  private peak = 0;
  private readonly samples: number[] = [];
  private start = 0;

  begin(intervalMs = 50): void {
    this.start = process.memoryUsage().rss;
    this.peak = this.start;
    this.timer = setInterval(() => this.sample(), intervalMs);
    // A sampler must never keep a finished benchmark alive.
    this.timer.unref();
  }

  /** Also called by long synchronous loops, which starve the timer, at their own checkpoints. */
  sample(): void {
    const rss = process.memoryUsage().rss;
    if (rss > this.peak) this.peak = rss;
    if (this.samples.length < RssSampler.MAX_SAMPLES) this.samples.push(rss);
  }

  end(): { startMiB: number; peakMiB: number; endMiB: number; samples: number } {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    const end = process.memoryUsage().rss;
    return { startMiB: mib(this.start), peakMiB: mib(this.peak), endMiB: mib(end), samples: this.samples.length };
  }
}

export const mib = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

/**
 * Runs `task(0..total-1)` with at most `concurrency` in flight (the "concurrent callers"), and
 * records each task's latency. A failure is counted, not thrown, so one refused claim does not end a
 * run; the first few messages are kept for the report.
 */
export const runConcurrently = async (
  total: number,
  concurrency: number,
  task: (index: number) => Promise<unknown>,
  onProgress?: (done: number) => void,
): Promise<{ latenciesMs: number[]; failures: number; failureSamples: string[] }> => {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`total must be a non-negative integer, got ${total}`);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 10_000) throw new RangeError(`concurrency must be in [1, 10000], got ${concurrency}`);
  const latenciesMs: number[] = new Array<number>(total);
  const failureSamples: string[] = [];
  let failures = 0;
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    // Each worker takes the next index until none is left: at most `total` iterations over all workers.
    while (next < total) {
      const index = next;
      next += 1;
      const started = nowMs();
      try {
        await task(index);
      } catch (error: unknown) {
        failures += 1;
        if (failureSamples.length < 5) failureSamples.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      }
      latenciesMs[index] = nowMs() - started;
      done += 1;
      if (onProgress && done % 1000 === 0) onProgress(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, total)) }, worker));
  return { latenciesMs, failures, failureSamples };
};

/** A fresh directory under the OS temp dir, removed by `remove()` (also when the benchmark fails). */
export const temporaryDirectory = (label: string): { path: string; remove: () => void } => {
  const path = mkdtempSync(join(tmpdir(), `benefits-ledger-bench-${label}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
};

/**
 * Writes every file of `dir` out to the disk. A measurement that commits (and syncs each commit)
 * right after a phase that wrote hundreds of MiB, or after a copy of a store, would otherwise wait in
 * its first fsync for the kernel to write back what the earlier phase left: that phase's cost, not its own.
 */
export const flushToDisk = (dir: string): void => {
  for (const file of readdirSync(dir)) {
    const descriptor = openSync(join(dir, file), 'r');
    try {
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
  }
};

/** Rate per second of `count` items done in `elapsedMs`. */
export const perSecond = (count: number, elapsedMs: number): number => (elapsedMs > 0 ? (count * 1000) / elapsedMs : Number.NaN);

/** Lets timers (the RSS sampler, HTTP sockets) run between synchronous chunks of work. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export const log = (message: string): void => {
  // Progress goes to stderr so that stdout carries only the result table.
  process.stderr.write(`[bench] ${message}\n`);
};
