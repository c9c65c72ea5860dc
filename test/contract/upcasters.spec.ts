import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore } from '../../src/event-store/create-event-store';
import type { EventStore } from '../../src/event-store/event-store.port';
import { UnknownSchemaVersion, type Upcaster } from '../../src/event-store/upcasters';

/** A made-up step: PersonRegistered v1 → v2 adds `district`, which v1 implied was unknown. */
const addDistrict: Upcaster = { type: 'PersonRegistered', fromVersion: 1, upcast: (data) => ({ ...(data as object), district: null }) };

const registered = (personId: string, schemaVersion: number) => ({
  type: 'PersonRegistered',
  data: { personId, region: 'heze', scheme: 'RESIDENT' },
  metadata: { eventId: `00000000-0000-4000-8000-00000000000${schemaVersion}`, schemaVersion, correlationId: 'c', causationId: 'c', actor: 't', recordedAt: '2023-01-01T00:00:00Z' },
});

describe('upcasting on read', () => {
  let dir: string;
  let store: EventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'upcasters-'));
    store = createEventStore({ dataDir: dir }, [addDistrict]);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers old events at the latest version, on every read path, and verifies the stored form', async () => {
    await store.appendToStream('person-p1', [registered('p1', 1)], 'noStream');
    const [read] = await store.readStream('person-p1');
    expect(read.data).toEqual({ personId: 'p1', region: 'heze', scheme: 'RESIDENT', district: null });
    expect(read.metadata.schemaVersion).toBe(2);
    expect((await store.readAll())[0].data).toEqual(read.data);
    const subscription = store.subscribeToAll();
    for await (const event of subscription) {
      expect(event.metadata.schemaVersion).toBe(2);
      break;
    }
    await subscription.stop();
    expect((await store.verifyAll()).ok).toBe(true);
  });

  it('refuses to interpret an event written by a newer version of the ledger', async () => {
    await store.appendToStream('person-p2', [registered('p2', 3)], 'noStream');
    await expect(store.readStream('person-p2')).rejects.toBeInstanceOf(UnknownSchemaVersion);
  });
});
