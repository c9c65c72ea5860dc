import { EventIdConflict } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { anEvent, describeEventStoreContract, newStream, prefixOf, take, typeOf, type TamperHooks } from './event-store.contract';
import { temporaryDirectories } from '../support/temporary-directories';

const { newDir: newDataDir, removeAll } = temporaryDirectories('benefits-ledger-es-');
afterAll(removeAll);

/** Corrupts rows directly in the database file, the way an attacker with file access would. */
const sqliteTamper: TamperHooks<SqliteEventStore> = {
  alterData: (store, stream, revision) => {
    const changed = store.unsafeDatabaseForTests()
      .prepare(`UPDATE events SET data = '{"index":999}' WHERE stream_name = ? AND revision = ?`)
      .run(stream, revision).changes;
    expect(changed).toBe(1);
  },
  removeEvent: (store, stream, revision) => {
    const changed = store.unsafeDatabaseForTests().prepare('DELETE FROM events WHERE stream_name = ? AND revision = ?').run(stream, revision).changes;
    expect(changed).toBe(1);
  },
  swapRevisions: (store, stream, first, second) => {
    const db = store.unsafeDatabaseForTests();
    const move = db.prepare('UPDATE events SET revision = ? WHERE stream_name = ? AND revision = ?');
    // UNIQUE(stream_name, revision) forbids a direct swap, so go through a parking revision.
    db.transaction(() => {
      expect(move.run(-1n, stream, first).changes).toBe(1);
      expect(move.run(first, stream, second).changes).toBe(1);
      expect(move.run(second, stream, -1n).changes).toBe(1);
    })();
  },
};

describeEventStoreContract('SQLite', () => new SqliteEventStore(newDataDir(), { pollIntervalMs: 25 }), {
  tamper: sqliteTamper,
  contiguousPositions: true,
  freshStorePerTest: true,
});

describe('SQLite event store specifics', () => {
  it('keeps appended events across close and reopen, with the chain intact', async () => {
    const dir = newDataDir();
    const stream = newStream('durable');
    const first = new SqliteEventStore(dir);
    await first.appendToStream(stream, [anEvent(typeOf('Kept'), { n: 1 }), anEvent(typeOf('Kept'), { n: 2 })], 'noStream');
    const written = await first.readStream(stream);
    await first.close();

    const reopened = new SqliteEventStore(dir);
    expect(await reopened.readStream(stream)).toEqual(written);
    expect(await reopened.headPosition()).toBe(2n);
    expect(await reopened.verifyAll()).toEqual({ ok: true, streamsChecked: 1, eventsChecked: 2, breaks: [] });
    expect((await reopened.appendToStream(stream, [anEvent(typeOf('Kept'))], 1n)).position).toBe(3n);
    await reopened.close();
  });

  // The CLI and other callers pass positions too: one beyond a signed 64-bit integer lies beyond the head, it is no error.
  it('reads a position beyond its integer range as beyond the head, and a negative one as the start', async () => {
    const store = new SqliteEventStore(newDataDir());
    await store.appendToStream(newStream('range'), [anEvent(typeOf('Ranged')), anEvent(typeOf('Ranged'))], 'noStream');
    for (const beyond of [2n ** 63n, 2n ** 64n - 1n, 10n ** 20n]) {
      expect(await store.readAll({ afterPosition: beyond })).toEqual([]);
      expect(await store.globalChainPage(beyond, 10)).toEqual([]);
      expect(await store.countUpTo(beyond, beyond)).toBe(0n);
      expect(await store.countUpTo(beyond)).toBe(2n);
    }
    expect((await store.readAll({ afterPosition: -1n })).map((event) => event.position)).toEqual([1n, 2n]);
    const subscription = store.subscribeToAll({ afterPosition: 10n ** 20n });
    await store.appendToStream(newStream('range'), [anEvent(typeOf('Ranged'))], 'noStream');
    await expect(take(subscription, 1, 200)).rejects.toThrow('delivered 0 of 1');
    await subscription.stop();
    await store.close();
  });

  it('runs in WAL mode with synchronous=NORMAL (its log synced apart, see sqlite-durability.spec) and starts positions at 1', async () => {
    const store = new SqliteEventStore(newDataDir());
    const db = store.unsafeDatabaseForTests();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1n);
    expect(await store.headPosition()).toBe(0n);
    expect((await store.appendToStream(newStream(), [anEvent('T')], 'noStream')).position).toBe(1n);
    await store.close();
  });

  it('refuses an event id already used in another stream', async () => {
    const store = new SqliteEventStore(newDataDir());
    const event = anEvent('T');
    await store.appendToStream(newStream(), [event], 'noStream');
    await expect(store.appendToStream(newStream(), [event], 'noStream')).rejects.toThrow(/another stream/);
    await store.close();
  });

  it('says so when a batch is partially stored, and refuses an id twice in one batch', async () => {
    const store = new SqliteEventStore(newDataDir());
    const stream = newStream();
    const [a, b] = [anEvent('T', { n: 1 }), anEvent('T', { n: 2 })];
    await store.appendToStream(stream, [a], 'noStream');
    await expect(store.appendToStream(stream, [a, b], 0n)).rejects.toThrow(/partially stored/);
    await expect(store.appendToStream(newStream(), [b, b], 'noStream')).rejects.toBeInstanceOf(EventIdConflict);
    await store.close();
  });

  it('fails only the conflicting callers of a group commit', async () => {
    const store = new SqliteEventStore(newDataDir());
    const taken = newStream();
    await store.appendToStream(taken, [anEvent('T')], 'noStream');
    const attempts = await Promise.allSettled([
      store.appendToStream(newStream(), [anEvent('T')], 'noStream'),
      store.appendToStream(taken, [anEvent('T')], 'noStream'),
      store.appendToStream(newStream(), [anEvent('T')], 'noStream'),
    ]);
    expect(attempts.map((attempt) => attempt.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await store.headPosition()).toBe(3n);
    await store.close();
  });

  it('shows a live subscriber the appends made through another connection to the same file', async () => {
    const dir = newDataDir();
    const reader = new SqliteEventStore(dir, { pollIntervalMs: 20 });
    const writer = new SqliteEventStore(dir);
    const subscription = reader.subscribeToAll({ filter: { streamPrefixes: [prefixOf('xproc')] } });
    const pending = take(subscription, 2, 3000);
    await writer.appendToStream(newStream('xproc'), [anEvent('T'), anEvent('T')], 'noStream');
    expect((await pending).map((event) => event.position)).toEqual([1n, 2n]);
    await subscription.stop();
    await writer.close();
    await reader.close();
  });

  it('wakes a waiting subscriber on an append in this process without waiting for the poll', async () => {
    const store = new SqliteEventStore(newDataDir(), { pollIntervalMs: 60_000 });
    const subscription = store.subscribeToAll();
    const pending = take(subscription, 1, 2000);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await store.appendToStream(newStream(), [anEvent('T')], 'noStream');
    expect((await pending).map((event) => event.position)).toEqual([1n]);
    await store.close();
  });

  it('commits appends accepted before close, and refuses new ones after', async () => {
    const dir = newDataDir();
    const store = new SqliteEventStore(dir);
    const stream = newStream();
    const accepted = store.appendToStream(stream, [anEvent('T')], 'noStream');
    await store.close();
    expect((await accepted).position).toBe(1n);
    await expect(store.appendToStream(stream, [anEvent('T')], 'any')).rejects.toThrow(/closed/);
    const reopened = new SqliteEventStore(dir);
    expect(await reopened.readStream(stream)).toHaveLength(1);
    await reopened.close();
  });
});

describe('SQLite event store: reservations of a store upgraded from before they were kept', () => {
  it('fills them in once from the recorded settlements, the first settlement of an id keeping it', async () => {
    const dir = newDataDir();
    const old = new SqliteEventStore(dir);
    const settled = (claimId: string, claimHash: string) => anEvent('ClaimSettled', { claimId, claimHash });
    await old.appendToStream('benefit-year-p-a-2023', [settled('c-1', 'hash-a')], 'noStream');
    await old.appendToStream('benefit-year-p-b-2023', [settled('c-1', 'hash-b')], 'noStream');
    // The version before reservations had no such table.
    old.unsafeDatabaseForTests().exec('DROP TABLE reservations');
    await old.close();

    const source = { eventType: 'ClaimSettled', keyPrefix: 'claim-', idField: 'claimId', fingerprintField: 'claimHash' };
    const upgraded = new SqliteEventStore(dir, { reservationSources: [source] });
    await expect(
      upgraded.appendToStream('benefit-year-p-c-2023', [settled('c-1', 'hash-c')], 'noStream', { reservations: [{ key: 'claim-c-1', fingerprint: 'hash-c' }] }),
    ).rejects.toMatchObject({ name: 'ReservationConflict', heldBy: { stream: 'benefit-year-p-a-2023', fingerprint: 'hash-a' } });
    const again = await upgraded.appendToStream('benefit-year-p-a-2023', [settled('c-2', 'hash-a2')], 0n, { reservations: [{ key: 'claim-c-1', fingerprint: 'hash-a' }] });
    expect(again.nextExpectedRevision).toBe(1n);
    await upgraded.close();
  });
});
