/**
 * Child process of read-model-check-crash.spec.ts: runs the CLI's read-model check on DATA_DIR and,
 * after its first rebuilt batch, writes a marker file and blocks, with its scratch database in the
 * data directory, which is where the parent kills it with SIGKILL (as an operator's Ctrl-C or an
 * out-of-memory kill would stop `benefits-ledger projections verify`).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store.adapter';
import { LEDGER_PROJECTIONS } from '../../../src/projections/ledger-projections';
import { checkReadModelsInDataDir, CLI_CHECK_SCRATCH_PREFIX } from '../../../src/projections/read-model-check';

const dataDir = process.env.DATA_DIR!;

const stall = (): void => {
  writeFileSync(join(dataDir, 'stalled'), 'rebuilding');
  // Blocks inside the check; the parent kills the process during this wait.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
};

const main = async (): Promise<void> => {
  const store = new SqliteEventStore(dataDir, { readonly: true });
  await checkReadModelsInDataDir({ store, dataDir, scratchPrefix: CLI_CHECK_SCRATCH_PREFIX, projections: LEDGER_PROJECTIONS, onBatch: stall });
  writeFileSync(join(dataDir, 'finished'), 'unexpected: the check never stalled');
};

void main();
