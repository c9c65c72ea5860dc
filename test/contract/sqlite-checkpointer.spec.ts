import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { BACKSTOP_WAL_PAGES, INLINE_WAL_PAGES, WalCheckpointer } from '../../src/shared/wal-checkpointer';
import { anEvent } from './event-store.contract';
import { temporaryDirectories } from '../support/temporary-directories';
import { eventually } from '../support/eventually';

/**
 * WAL checkpoints on a thread of their own (WAL_CHECKPOINTS=thread, the service's default): the
 * thread copies committed pages back while the writer goes on, the writer keeps only a backstop,
 * and a thread that fails hands checkpointing back to the writer.
 */

const { newDir: newDataDir, removeAll } = temporaryDirectories('benefits-ledger-checkpoint-');
afterAll(removeAll);

const autocheckpoint = (store: SqliteEventStore): number => Number(store.unsafeDatabaseForTests().pragma('wal_autocheckpoint', { simple: true }));

/** Appends `streams` streams of `perStream` events of about 2 KB each, in parallel (so in shared commits). */
const appendMany = async (store: SqliteEventStore, streams: number, perStream: number): Promise<void> => {
  const padding = 'x'.repeat(2_000);
  await Promise.all(
    Array.from({ length: streams }, (_, index) =>
      store.appendToStream(`checkpoint-${index}`, Array.from({ length: perStream }, (_, n) => anEvent('Padded', { n, padding })), 'noStream'),
    ),
  );
};

describe('WAL checkpoints on a thread', () => {
  jest.setTimeout(30_000);

  it('by default checkpoints inline, as SQLite does', async () => {
    const store = new SqliteEventStore(newDataDir());
    try {
      expect(autocheckpoint(store)).toBe(INLINE_WAL_PAGES);
      expect(store.checkpointStatus()).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('copies every committed page back on its thread while the writer keeps only the backstop, and loses nothing', async () => {
    const dataDir = newDataDir();
    const store = new SqliteEventStore(dataDir, { checkpoints: 'thread' });
    try {
      expect(autocheckpoint(store)).toBe(BACKSTOP_WAL_PAGES);
      await appendMany(store, 40, 20);
      await eventually('a checkpoint that backfilled the whole WAL', () => {
        const status = store.checkpointStatus()!;
        return status.checkpoints > 0 && status.lastWalFrames > 0 && status.lastCheckpointedFrames === status.lastWalFrames;
      });
      expect(store.checkpointStatus()).toMatchObject({ running: true, failure: null });
    } finally {
      await store.close();
    }
    expect(store.checkpointStatus()).toMatchObject({ running: false, failure: null });
    const reopened = new SqliteEventStore(dataDir);
    try {
      expect(await reopened.headPosition()).toBe(800n);
      expect(await reopened.readStream('checkpoint-39')).toHaveLength(20);
    } finally {
      await reopened.close();
    }
  });

  it('tells its owner when the thread fails, so the writer can checkpoint inline again', async () => {
    const reasons: string[] = [];
    const checkpointer = new WalCheckpointer(join(newDataDir(), 'missing.sqlite'), (reason) => reasons.push(reason));
    await eventually('the failure reported', () => reasons.length > 0);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/unable to open database file|does not exist/i);
    expect(checkpointer.current).toMatchObject({ running: false, failure: reasons[0] });
    await checkpointer.stop();
  });
});
