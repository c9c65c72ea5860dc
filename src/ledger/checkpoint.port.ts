/**
 * Where a process manager keeps the store position it has handled up to. The application layer
 * owns this interface; the read side implements it in its database (projections/process-checkpoints.ts),
 * so the ledger never reads the projections' tables.
 */
export interface CheckpointStore {
  /** The position handled up to, 0n before the first event. */
  read(name: string): bigint;
  save(name: string, position: bigint): void;
}
