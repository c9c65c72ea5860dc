/**
 * Child process of the crash test (projection-crash.spec.ts). It projects the store in DATA_DIR with
 * every ledger projection plus a "stall" projection that, at STALL_AT, writes a marker file and then
 * blocks synchronously: the runner is then inside a batch transaction with rows of other projections
 * written but not committed, which is where the parent kills it with SIGKILL.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store.adapter';
import { LEDGER_PROJECTIONS } from '../../../src/projections/ledger-projections';
import type { Projection } from '../../../src/projections/projection';
import { ProjectionRunner } from '../../../src/projections/projection.runner';
import { openReadDatabase } from '../../../src/projections/read-database';

const dataDir = process.env.DATA_DIR!;
const stallAt = BigInt(process.env.STALL_AT!);
const batchSize = Number(process.env.BATCH_SIZE!);

const stall: Projection = {
  name: 'stall',
  version: 1,
  tables: [],
  apply: (_rows, event) => {
    if (event.position !== stallAt) return;
    writeFileSync(join(dataDir, 'stalled'), String(event.position));
    // Blocks the event loop inside the transaction; the parent kills the process during this wait.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  },
};

const main = async (): Promise<void> => {
  const store = new SqliteEventStore(join(dataDir, 'events'));
  const db = openReadDatabase(dataDir);
  await new ProjectionRunner(store, db, [...LEDGER_PROJECTIONS, stall], { batchSize }).catchUp();
  writeFileSync(join(dataDir, 'finished'), 'unexpected: the stall never happened');
};

void main();
