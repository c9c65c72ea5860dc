import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store.adapter';
import { CHECKPOINT_STREAM, checkpointEvent, signCheckpoint } from '../../src/integrity/checkpoint';
import { verifyIntegrity } from '../../src/integrity/integrity-verifier';
import { keyIdOf, loadSigningKey } from '../../src/integrity/signing-key';
import { anEvent } from '../contract/event-store.contract';
import { FakeEventStoreDbClient } from '../contract/fake-eventstoredb-client';

/**
 * On EventStoreDB the global chain is not stored: verify recomputes it from $all (commit positions
 * with gaps, system events skipped) and holds it against the signed checkpoints. Driven through the
 * in-memory fake of the client; the real server remains the reference.
 */
describe('integrity verification on the EventStoreDB adapter (fake client)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'benefits-ledger-esdb-integrity-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('verifies checkpoints over $all, and refuses one signed by another key', async () => {
    const fake = new FakeEventStoreDbClient();
    const store = new EventStoreDbEventStore('esdb://fake', { client: fake.asClient() });
    const key = loadSigningKey({ dataDir: dir });
    for (let index = 0; index < 6; index += 1) await store.appendToStream(`person-e${index % 2}`, [anEvent('Happened', { index })], 'any');
    const before = await verifyIntegrity(store, { publicKey: key });
    expect(before).toMatchObject({ ok: true, globalEventsChecked: 6 });
    await store.appendToStream(CHECKPOINT_STREAM, [checkpointEvent(signCheckpoint(key, before.headPosition, before.headGlobalHash, new Date(0)))], 'any');
    const after = await verifyIntegrity(store, { publicKey: key });
    expect(after).toMatchObject({ ok: true, checkpointsChecked: 1, findings: [] });
    expect(after.lastVerifiedCheckpoint?.position).toBe(before.headPosition.toString());

    const { publicKey } = generateKeyPairSync('ed25519');
    const stranger = await verifyIntegrity(store, { publicKey: { publicKey, keyId: keyIdOf(publicKey) } });
    expect(stranger.ok).toBe(false);
    expect(stranger.findings).toEqual([expect.objectContaining({ problem: 'bad-signature', streamName: CHECKPOINT_STREAM })]);
    await store.close();
  });
});
