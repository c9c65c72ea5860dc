import fs from 'node:fs';
import { toErrorBody } from '../../src/api/common/error-mapping';
import { StoreNotWritable, type EventStore, type RecordedEvent } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { anEvent, newStream } from './event-store.contract';
import { holdSyncs, type HeldSyncs } from '../support/held-syncs';
import { temporaryDirectories } from '../support/temporary-directories';
import { nextTurn, settledState } from '../support/event-loop-turns';

/**
 * The embedded store commits with `synchronous = NORMAL` and syncs its write-ahead log after each
 * group commit, off the event loop. A machine crash cannot be staged here, so these check what the
 * store controls: nobody is answered, and no reader (in this thread, on the projection thread's
 * read-only connection, through a subscription) is shown an event, before the sync that covers it
 * has finished; one group is on its way to the disk at a time; a failed sync stops the writer.
 */

const { newDir, removeAll } = temporaryDirectories('benefits-ledger-durability-');
afterAll(removeAll);

/** Rows in the table, whatever the horizon: what a commit left in the file. */
const storedCount = (store: SqliteEventStore): bigint =>
  (store.unsafeDatabaseForTests().prepare('SELECT count(*) AS count FROM events').get() as { count: bigint }).count;

/** What every reader of `store` is shown now. */
const shown = async (store: EventStore, stream: string): Promise<{ head: bigint; all: number; stream: number }> => ({
  head: await store.headPosition(),
  all: (await store.readAll()).length,
  stream: (await store.readStream(stream)).length,
});

describe('SQLite store durability', () => {
  let dir: string;
  let store: SqliteEventStore;
  let follower: SqliteEventStore;
  let syncs: HeldSyncs;

  beforeEach(async () => {
    dir = newDir();
    store = new SqliteEventStore(dir);
    // One event before the syncs are held, so the log file exists and positions start at 2 below.
    await store.appendToStream(newStream(), [anEvent('Before')], 'noStream');
    follower = new SqliteEventStore(dir, { readonly: true, readHorizon: store.readHorizon });
    syncs = holdSyncs();
  });

  afterEach(async () => {
    syncs.restore();
    await follower.close();
    await store.close();
  });

  it('answers an append, and shows its event to any reader, only once the log sync after its commit has finished', async () => {
    const stream = newStream();
    const append = store.appendToStream(stream, [anEvent('Held')], 'noStream');
    await nextTurn();
    expect(storedCount(store)).toBe(2n);
    expect(syncs.calls).toHaveLength(1);
    expect(fs.fstatSync(syncs.calls[0]!.fd).ino).toBe(fs.statSync(`${dir}/events.sqlite-wal`).ino);
    expect(await settledState(append)).toBe('pending');
    expect(await shown(store, stream)).toEqual({ head: 1n, all: 1, stream: 0 });
    expect(await shown(follower, stream)).toEqual({ head: 1n, all: 1, stream: 0 });

    syncs.calls[0]!.finish(null);
    await expect(append).resolves.toMatchObject({ position: 2n });
    expect(await shown(store, stream)).toEqual({ head: 2n, all: 2, stream: 1 });
    expect(await shown(follower, stream)).toEqual({ head: 2n, all: 2, stream: 1 });
  });

  it('commits the appends that arrive during a sync as the next group, after it', async () => {
    const first = store.appendToStream(newStream(), [anEvent('First')], 'noStream');
    await nextTurn();
    const second = store.appendToStream(newStream(), [anEvent('Second')], 'noStream');
    const third = store.appendToStream(newStream(), [anEvent('Third')], 'noStream');
    await nextTurn();
    expect(storedCount(store)).toBe(2n);

    syncs.calls[0]!.finish(null);
    await first;
    await nextTurn();
    expect(storedCount(store)).toBe(4n);
    expect(syncs.calls).toHaveLength(2);
    expect(await settledState(second)).toBe('pending');
    syncs.calls[1]!.finish(null);
    expect((await Promise.all([second, third])).map((result) => result.position)).toEqual([3n, 4n]);
  });

  it('delivers an event to a subscription only once it is synced, and then without a gap', async () => {
    const received: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({ afterPosition: 1n });
    const reading = (async () => {
      for await (const event of subscription) {
        received.push(event);
        if (received.length === 2) break;
      }
    })();
    const stream = newStream();
    const append = store.appendToStream(stream, [anEvent('One'), anEvent('Two')], 'noStream');
    await nextTurn();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toEqual([]);

    syncs.calls[0]!.finish(null);
    await append;
    await reading;
    expect(received.map((event) => event.position)).toEqual([2n, 3n]);
    await subscription.stop();
  });

  it('refuses every append once a sync has failed, and never shows what that sync did not cover', async () => {
    const stream = newStream();
    const failed = store.appendToStream(stream, [anEvent('Lost')], 'noStream');
    await nextTurn();
    syncs.fail(0, 'EIO');
    await expect(failed).rejects.toThrow(StoreNotWritable);
    const refusal = await failed.catch((error: unknown) => error);
    expect(toErrorBody(refusal)).toMatchObject({ statusCode: 503, code: 'STORE_NOT_DURABLE', message: expect.stringMatching(/EIO/) });
    expect(storedCount(store)).toBe(2n);

    await expect(store.appendToStream(newStream(), [anEvent('After')], 'noStream')).rejects.toThrow(/could not be synced/);
    expect(storedCount(store)).toBe(2n);
    expect(await shown(store, stream)).toEqual({ head: 1n, all: 1, stream: 0 });
    expect(await shown(follower, stream)).toEqual({ head: 1n, all: 1, stream: 0 });
  });

  it('syncs what it committed on close, answering the appends still waiting', async () => {
    const syncNow = jest.spyOn(fs, 'fdatasyncSync');
    try {
      const waiting = store.appendToStream(newStream(), [anEvent('Closing')], 'noStream');
      await nextTurn();
      const queued = store.appendToStream(newStream(), [anEvent('Queued')], 'noStream');
      await store.close();
      expect(syncNow).toHaveBeenCalled();
      await expect(queued).resolves.toMatchObject({ position: 3n });
      // The sync already running answers its own group when it ends, as the disk's would.
      syncs.calls[0]!.finish(null);
      await expect(waiting).resolves.toMatchObject({ position: 2n });
    } finally {
      syncNow.mockRestore();
    }
    const reopened = new SqliteEventStore(dir);
    expect(await reopened.headPosition()).toBe(3n);
    await reopened.close();
  });

  it('syncs the log on open, before it shows anything a killed predecessor may have left unsynced', async () => {
    syncs.restore();
    const syncNow = jest.spyOn(fs, 'fdatasyncSync');
    try {
      const second = new SqliteEventStore(dir);
      expect(syncNow).toHaveBeenCalled();
      expect(await second.headPosition()).toBe(1n);
      await second.close();
    } finally {
      syncNow.mockRestore();
      syncs = holdSyncs();
    }
  });
});
