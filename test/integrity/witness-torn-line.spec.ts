import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { parseCheckpoint } from '../../src/integrity/checkpoint';
import { CheckpointSigner } from '../../src/integrity/checkpoint-signer';
import { verifyIntegrity } from '../../src/integrity/integrity-verifier';
import { WITNESS_FILE } from '../../src/integrity/witness.file';
import { anEvent } from '../contract/event-store.contract';
import { cliVerify, signedStore } from './support/signed-store';

/**
 * The witness file is appended to after each checkpoint, without a sync. An append cut short (a
 * power cut before the file's pages reached the disk, a disk that filled up mid-write) leaves an
 * unterminated fragment as its last line. That is a torn write, not a forgery: the checkpoint it
 * was copying is in the store. It must not be reported as a bad signature (which refuses every write
 * at the next start), and the next checkpoint must not be appended onto it.
 */
describe('a witness file whose last append was torn', () => {
  let dir: string;
  const torn = (): void => appendFileSync(join(dir, WITNESS_FILE), '{"position":"13","globalHash":"9f2c');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'witness-torn-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('verifies, the fragment being no checkpoint record', async () => {
    await signedStore(dir, 2);
    torn();
    const { code, text } = await cliVerify(dir);
    expect(text).not.toMatch(/malformed/);
    expect(code).toBe(0);
  });

  it('gets the next checkpoint on a line of its own, and every line of it parses', async () => {
    const key = await signedStore(dir, 2);
    torn();
    const store = new SqliteEventStore(dir);
    try {
      const verified = await verifyIntegrity(store, { publicKey: key });
      const signer = new CheckpointSigner({ store, key, schedule: { everyEvents: 1000, everySeconds: 3600 }, witnessFile: join(dir, WITNESS_FILE) });
      signer.start({ position: verified.headPosition, globalHash: verified.headGlobalHash });
      await store.appendToStream('person-e', [anEvent('Happened')], 'any');
      expect(await signer.caughtUp(await store.headPosition())).toBe(true);
      expect(await signer.signNow()).not.toBeNull();
      await signer.stop();
    } finally {
      await store.close();
    }
    const lines = readFileSync(join(dir, WITNESS_FILE), 'utf8').split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(parseCheckpoint(JSON.parse(line) as unknown)).not.toBeNull();
    expect((await cliVerify(dir)).code).toBe(0);
  });
});
