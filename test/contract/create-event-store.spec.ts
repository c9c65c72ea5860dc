import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore } from '../../src/event-store/create-event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { UpcastingEventStore } from '../../src/event-store/upcasters';
import type { EventStore } from '../../src/event-store/event-store.port';

/** The adapter under the upcaster chain (ClaimSettled and ClaimReassessed have a version 2, so the factory always wraps). */
const adapterOf = (store: EventStore): EventStore => {
  expect(store).toBeInstanceOf(UpcastingEventStore);
  return (store as UpcastingEventStore).stored;
};

describe('createEventStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'benefits-ledger-factory-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the embedded SQLite store in the data directory when no URL is set', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const store = createEventStore({ dataDir });
    expect(adapterOf(store)).toBeInstanceOf(SqliteEventStore);
    expect(existsSync(join(dataDir, 'events.sqlite'))).toBe(true);
    await store.close();
    const blank = createEventStore({ dataDir, eventStoreUrl: '  ' });
    expect(adapterOf(blank)).toBeInstanceOf(SqliteEventStore);
    await blank.close();
  });

  it('uses EventStoreDB when a URL is set, without connecting before the first call', async () => {
    const store = createEventStore({ dataDir: dir, eventStoreUrl: 'esdb://localhost:2113?tls=false' });
    const adapter = adapterOf(store);
    expect(adapter.constructor.name).toBe('EventStoreDbEventStore');
    expect((adapter as unknown as { connectionString: string }).connectionString).toBe('esdb://localhost:2113?tls=false');
    await store.close();
  });
});
