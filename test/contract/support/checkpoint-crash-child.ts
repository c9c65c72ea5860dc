/**
 * Child process of the checkpoint crash test (sqlite-checkpoint-crash.spec.ts). It appends to the
 * store in DATA_DIR with WAL checkpoints on their thread, rounds of concurrent appends of about 2 KB
 * each, and after every round tells the parent how many appends were acknowledged and how many
 * checkpoints the thread has made; the parent kills it with SIGKILL while it goes on.
 */
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store.adapter';

const ROUNDS_MAX = 10_000;
const APPENDS_PER_ROUND = 32;
const padding = 'x'.repeat(2_000);

const main = async (): Promise<void> => {
  const store = new SqliteEventStore(process.env.DATA_DIR!, { checkpoints: 'thread' });
  let acknowledged = 0;
  for (let round = 0; round < ROUNDS_MAX; round += 1) {
    await Promise.all(
      Array.from({ length: APPENDS_PER_ROUND }, (_, index) =>
        store.appendToStream(
          `crash-${round}-${index}`,
          [{ type: 'Padded', data: { round, index, padding }, metadata: { eventId: randomUUID(), schemaVersion: 1, correlationId: 'crash', causationId: 'crash', actor: 'crash-test', recordedAt: '2023-01-01T00:00:00.000Z' } }],
          'noStream',
        ),
      ),
    );
    acknowledged += APPENDS_PER_ROUND;
    process.send!({ acknowledged, checkpoints: store.checkpointStatus()?.checkpoints ?? 0 });
  }
};

void main();
