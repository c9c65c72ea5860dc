/**
 * How much work each measurement does at each scale. `small` is a smoke run (every path exercised,
 * figures indicative only); `full` gives the documented figures. The seed is fixed so that two runs
 * do the same work.
 */

export type ScaleName = 'small' | 'full';

export interface BenchScale {
  readonly seed: number;
  /** Population written once through the ledger to harvest real events for the anchors. */
  readonly corpus: { readonly persons: number; readonly claims: number };
  readonly anchors: {
    /** Commands appended one transaction each (fsync-bound: keep it modest). */
    readonly singleCommands: number;
    /** Commands appended in batches, then read back. */
    readonly batchedCommands: number;
    readonly batchSize: number;
    /** Commands through Emmett's public store API, which reopens the file per call. */
    readonly peerStoreCommands: number;
    /** Interleaved rounds (raw, ours, peer, …); the counts above are split over them and each figure is the median. */
    readonly rounds: number;
  };
  readonly settle: { readonly persons: number; readonly sequentialClaims: number; readonly concurrentClaims: number; readonly callers: number };
  readonly http: { readonly persons: number; readonly requests: number; readonly clients: number };
  /** The large store: bulk load, then rebuild, audit and reassessment over it. */
  readonly bulk: {
    readonly persons: number;
    readonly claims: number;
    readonly callers: number;
    /** Wall-clock budget of the load: persons may use half, claims the rest; past it the figures are extrapolated. */
    readonly budgetSeconds: number;
  };
  readonly audit: { readonly queries: number };
  /** One person-year's claims, one caller: latency of the last `window` ranks against the first `window`. */
  readonly rank: { readonly claims: number; readonly window: number };
  /** Usage reads over HTTP after the HTTP settle run: requests and connections. */
  readonly httpReads: { readonly requests: number; readonly clients: number };
  /**
   * The bulk claims again on a store with many more persons (same claims, same cache bound), so the
   * rate at two population sizes can be compared: the state cache and the indexes are what differ.
   */
  readonly bulkLarge: { readonly persons: number; readonly claims: number };
  /** Wall-clock budget of the rebuild; past it the rate is measured on the prefix rebuilt and extrapolated. */
  readonly rebuildBudgetSeconds: number;
}

export const SCALES: Readonly<Record<ScaleName, BenchScale>> = {
  small: {
    seed: 20_230_101,
    corpus: { persons: 300, claims: 1_000 },
    anchors: { singleCommands: 900, batchedCommands: 18_000, batchSize: 512, peerStoreCommands: 300, rounds: 3 },
    settle: { persons: 2_000, sequentialClaims: 300, concurrentClaims: 4_000, callers: 64 },
    http: { persons: 2_000, requests: 3_000, clients: 64 },
    bulk: { persons: 20_000, claims: 20_000, callers: 64, budgetSeconds: 600 },
    audit: { queries: 2_000 },
    rank: { claims: 800, window: 100 },
    httpReads: { requests: 5_000, clients: 16 },
    bulkLarge: { persons: 40_000, claims: 10_000 },
    rebuildBudgetSeconds: 600,
  },
  full: {
    seed: 20_230_101,
    corpus: { persons: 1_000, claims: 3_000 },
    anchors: { singleCommands: 6_000, batchedCommands: 150_000, batchSize: 512, peerStoreCommands: 1_500, rounds: 5 },
    settle: { persons: 20_000, sequentialClaims: 2_000, concurrentClaims: 50_000, callers: 64 },
    http: { persons: 20_000, requests: 30_000, clients: 64 },
    bulk: { persons: 1_000_000, claims: 1_000_000, callers: 64, budgetSeconds: 1_500 },
    audit: { queries: 20_000 },
    rank: { claims: 800, window: 100 },
    httpReads: { requests: 50_000, clients: 16 },
    bulkLarge: { persons: 850_000, claims: 100_000 },
    rebuildBudgetSeconds: 900,
  },
};

export const MEASUREMENTS = ['anchors', 'settle', 'rank', 'http', 'bulk', 'bulk-large', 'rebuild', 'reassess', 'audit'] as const;
export type MeasurementName = (typeof MEASUREMENTS)[number];
