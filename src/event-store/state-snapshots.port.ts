/**
 * States kept apart from their streams, so that a reader folding many streams once (a region-wide
 * reassessment) can start from a kept state instead of every event. A kept state is a cache: it
 * names the revision and the chain hash of the last event it folds, the reader checks both against
 * the store before trusting it (src/ledger/state-snapshots.ts), and dropping every kept state is
 * always safe. The store below knows states only as JSON text.
 */
export interface StoredState {
  /** Revision of the last event folded into `state`. */
  readonly revision: bigint;
  /** That event's chain hash as the store holds it. */
  readonly hash: string;
  /** The state, encoded by its decider's codec, as JSON text. */
  readonly state: string;
}

export interface StateSnapshotStore {
  /** The state kept for `stream` in `format`, or undefined when none is kept (or the kept one fails its check). */
  read(stream: string, format: string): StoredState | undefined;
  /** Keeps a state for `stream`, replacing the one kept; the owner decides when kept states are written. */
  keep(stream: string, format: string, stored: StoredState): void;
}
