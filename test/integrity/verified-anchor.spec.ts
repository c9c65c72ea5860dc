import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { advanceAnchor, readAnchor, writeAnchor } from '../../src/integrity/verified-anchor.file';

/**
 * The anchor's event count advances by the events since the previous anchor (a range count bounded by
 * the checkpoint interval) instead of a count of the whole store at every checkpoint; and an event
 * deleted below the previous anchor is not counted away, so the next verification sees the difference.
 */
describe('verified anchor', () => {
  let dataDir: string;
  let store: SqliteEventStore;

  const append = async (count: number): Promise<bigint> => {
    let position = 0n;
    for (let index = 0; index < count; index += 1) {
      const metadata = { eventId: randomUUID(), schemaVersion: 1, correlationId: 'c', causationId: 'c', actor: 'test', recordedAt: '2023-01-01T00:00:00.000Z' };
      position = (await store.appendToStream(`person-${randomUUID()}`, [{ type: 'PersonRegistered', data: { n: index }, metadata }], 'noStream')).position;
    }
    return position;
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'anchor-'));
    store = new SqliteEventStore(dataDir);
  });

  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts the whole store when there is no anchor yet, then adds the events since the previous one', async () => {
    const first = await append(5);
    await advanceAnchor(dataDir, store, { position: first, globalHash: 'a' });
    expect(readAnchor(dataDir)).toEqual({ position: first, globalHash: 'a', eventCount: 5n });

    const second = await append(7);
    await advanceAnchor(dataDir, store, { position: second, globalHash: 'b' });
    expect(readAnchor(dataDir)).toEqual({ position: second, globalHash: 'b', eventCount: 12n });
    expect(await store.countUpTo(second)).toBe(12n);
  });

  it('keeps counting an event deleted below the previous anchor, so the difference stays visible', async () => {
    const first = await append(5);
    await advanceAnchor(dataDir, store, { position: first, globalHash: 'a' });
    store.unsafeDatabaseForTests().prepare('DELETE FROM events WHERE position = 2').run();
    const second = await append(3);
    await advanceAnchor(dataDir, store, { position: second, globalHash: 'b' });
    expect(readAnchor(dataDir)?.eventCount).toBe(8n);
    expect(await store.countUpTo(second)).toBe(7n);
  });

  it('counts in full again when the previous anchor lies beyond the checkpoint', async () => {
    const position = await append(4);
    writeAnchor(dataDir, { position: position + 10n, globalHash: 'later', eventCount: 99n });
    await advanceAnchor(dataDir, store, { position, globalHash: 'c' });
    expect(readAnchor(dataDir)?.eventCount).toBe(4n);
  });
});
