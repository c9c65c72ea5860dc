import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { IntegrityGate } from '../../src/integrity/integrity-gate';
import { loadSigningKey } from '../../src/integrity/signing-key';
import { verifyOnStart } from '../../src/integrity/startup-verification';
import { anEvent } from '../contract/event-store.contract';

/** The worker-thread path of start-up verification (the service takes it above IN_PROCESS_MAX_EVENTS new events). */
describe('start-up verification in a worker thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'benefits-ledger-startup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('verifies off the event loop with progress, and finds a break the same way', async () => {
    const store = new SqliteEventStore(dir);
    for (let index = 0; index < 30; index += 1) await store.appendToStream(`person-w${index % 3}`, [anEvent('Happened', { index })], 'any');
    const gate = new IntegrityGate(loadSigningKey({ dataDir: dir }));
    const logs: string[] = [];
    await verifyOnStart(store, gate, { dataDir: dir, log: (line) => logs.push(line), error: (line) => logs.push(line), inProcessMaxEvents: 0 });
    expect(logs[0]).toMatch(/^verifying the event store in a worker thread up to position 30/);
    expect(gate.status).toBe('verified');
    expect(gate.report?.headPosition).toBe(30n);

    store.unsafeDatabaseForTests().prepare('DELETE FROM events WHERE position = 7').run();
    const after = new IntegrityGate(gate.key);
    await verifyOnStart(store, after, { dataDir: dir, log: (line) => logs.push(line), error: (line) => logs.push(line), inProcessMaxEvents: 0 });
    expect(after.status).toBe('broken');
    expect(after.reason).toContain('deleted-events');
    await store.close();
  }, 60_000);
});
