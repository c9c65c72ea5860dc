import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyCommand } from '../../../src/cli/commands/verify.command';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store.adapter';
import { CHECKPOINT_STREAM, checkpointEvent, signCheckpoint } from '../../../src/integrity/checkpoint';
import { verifyIntegrity } from '../../../src/integrity/integrity-verifier';
import { loadSigningKey, type SigningKey } from '../../../src/integrity/signing-key';
import { WITNESS_FILE } from '../../../src/integrity/witness.file';
import { anEvent } from '../../contract/event-store.contract';

/** The three streams of `signedStore`, written round by round so their events interleave. */
export const SIGNED_STORE_STREAMS = ['person-a', 'person-b', 'person-c'] as const;

/**
 * A store in `dir` as the tampering specs start from: three streams of four events, interleaved, a
 * checkpoint over the twelve signed with the directory's key (stored at 13, and in the witness
 * file), then `after` more events of `person-d`.
 */
export const signedStore = async (dir: string, after = 0): Promise<SigningKey> => {
  const key = loadSigningKey({ dataDir: dir });
  const store = new SqliteEventStore(dir);
  for (let round = 0; round < 4; round += 1) {
    for (const stream of SIGNED_STORE_STREAMS) await store.appendToStream(stream, [anEvent('Happened', { round, stream })], 'any');
  }
  const verified = await verifyIntegrity(store, { publicKey: key });
  const checkpoint = signCheckpoint(key, verified.headPosition, verified.headGlobalHash, new Date('2024-03-01T00:00:00Z'));
  await store.appendToStream(CHECKPOINT_STREAM, [checkpointEvent(checkpoint)], 'any');
  writeFileSync(join(dir, WITNESS_FILE), `${JSON.stringify(checkpoint)}\n`);
  for (let index = 0; index < after; index += 1) await store.appendToStream('person-d', [anEvent('Happened', { index })], 'any');
  await store.close();
  return key;
};

/** `benefits-ledger verify` on `dir`, with what it printed. */
export const cliVerify = async (dir: string): Promise<{ code: number; text: string }> => {
  const out: string[] = [];
  const output = { stdout: (text: string) => out.push(text), stderr: (text: string) => out.push(text), interactive: false };
  const code = await verifyCommand({}, { DATA_DIR: dir }, output);
  return { code, text: out.join('') };
};
