import Database from 'better-sqlite3';
import fs from 'node:fs';
import { join } from 'node:path';
import { WalFileSync } from '../../src/shared/wal-file-sync';
import { holdSyncs, type HeldSyncs } from '../support/held-syncs';
import { temporaryDirectories } from '../support/temporary-directories';
import { settledState } from '../support/event-loop-turns';

/**
 * WalFileSync makes a WAL-mode database with `synchronous = NORMAL` as durable as FULL: what was
 * committed before a sync is on disk when it answers. A crash of the machine cannot be staged here,
 * so these check what the class controls: which file it syncs, that nobody is answered before the
 * sync that covers them has finished, one sync at a time, and failures.
 */

const { newDir, removeAll } = temporaryDirectories('benefits-ledger-wal-sync-');
afterAll(removeAll);

describe('WalFileSync', () => {
  let db: Database.Database;
  let file: string;
  let wal: WalFileSync;
  let syncs: HeldSyncs;
  /** The synchronous sync, spied on but not changed. */
  let syncNow: jest.SpyInstance;

  beforeEach(() => {
    file = join(newDir(), 'log.sqlite');
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE entries (value TEXT)');
    wal = new WalFileSync(file);
    syncs = holdSyncs();
    syncNow = jest.spyOn(fs, 'fdatasyncSync');
  });
  afterEach(() => {
    wal.close();
    db.close();
    syncNow.mockRestore();
    syncs.restore();
  });

  it('syncs the database\'s write-ahead log file, not the database file', () => {
    wal.syncNow();
    const [fd] = syncNow.mock.calls[0] as [number];
    expect(fs.fstatSync(fd).ino).toBe(fs.statSync(`${file}-wal`).ino);
  });

  it('answers a caller only once a sync that began after its call has finished, one sync at a time', async () => {
    db.prepare('INSERT INTO entries VALUES (?)').run('first');
    const first = wal.sync();
    db.prepare('INSERT INTO entries VALUES (?)').run('second');
    // The sync running may have begun before these frames were written: they wait for the next one.
    const second = wal.sync();
    const third = wal.sync();
    expect(syncs.calls).toHaveLength(1);
    expect(await settledState(first)).toBe('pending');

    syncs.calls[0]!.finish(null);
    expect(await settledState(first)).toBe('resolved');
    expect(await settledState(second)).toBe('pending');
    expect(syncs.calls).toHaveLength(2);

    syncs.calls[1]!.finish(null);
    expect(await settledState(second)).toBe('resolved');
    expect(await settledState(third)).toBe('resolved');
    expect(syncs.calls).toHaveLength(2);
  });

  it('rejects the callers of a failed sync, and syncs again for the callers after them', async () => {
    db.prepare('INSERT INTO entries VALUES (?)').run('first');
    const failed = wal.sync();
    const later = wal.sync();
    syncs.fail(0, 'EIO');
    await expect(failed).rejects.toThrow(/EIO/);
    expect(syncs.calls).toHaveLength(2);
    syncs.calls[1]!.finish(null);
    await expect(later).resolves.toBeUndefined();
  });

  it('syncs what is left when closed and answers every caller still waiting', async () => {
    db.prepare('INSERT INTO entries VALUES (?)').run('first');
    const running = wal.sync();
    const waiting = wal.sync();
    wal.close();
    expect(syncNow).toHaveBeenCalledTimes(1);
    expect(await settledState(waiting)).toBe('resolved');
    // The sync that was running when it closed is covered by the closing one, whatever it answers.
    syncs.fail(0, 'EBADF');
    expect(await settledState(running)).toBe('resolved');
  });

  it('rejects the callers still waiting, and throws, when the sync of close fails', async () => {
    db.prepare('INSERT INTO entries VALUES (?)').run('first');
    const running = wal.sync();
    const waiting = wal.sync();
    syncNow.mockImplementationOnce(() => {
      throw Object.assign(new Error('EIO: fdatasync failed'), { code: 'EIO' });
    });
    expect(() => wal.close()).toThrow(/EIO/);
    expect(await settledState(waiting)).toBe('rejected');
    syncs.fail(0, 'EIO');
    expect(await settledState(running)).toBe('rejected');
  });

  it('has nothing to sync for a database in memory', async () => {
    const inMemory = new WalFileSync(':memory:');
    inMemory.syncNow();
    await expect(inMemory.sync()).resolves.toBeUndefined();
    inMemory.close();
    expect(syncNow).not.toHaveBeenCalled();
    expect(syncs.calls).toHaveLength(0);
  });
});
