/**
 * Beside the store: the service's own witness copy of the checkpoints it signed, one JSON object a
 * line. It is one copy among others; a forger with the data directory can delete it, so checkpoints
 * kept where the data directory's owner cannot reach them are what detects a rollback.
 */
export const WITNESS_FILE = 'checkpoints.witness.jsonl';
