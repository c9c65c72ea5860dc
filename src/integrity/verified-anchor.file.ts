import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GlobalChainSource } from '../event-store/event-store.port';
import type { VerifiedAnchor } from './integrity-verifier';

/** Beside the store: where start-up verification resumes, and the service's own witness copy of its checkpoints. */
export const ANCHOR_FILE = 'integrity-verified.json';
export const WITNESS_FILE = 'checkpoints.witness.jsonl';

/**
 * The last checkpoint a verification found intact, with the event count up to it. It is only a
 * starting point: the next run checks the count and the stored global hash at it before trusting it,
 * and a missing or unreadable file means a full verification.
 */
export const readAnchor = (dataDir: string): VerifiedAnchor | null => {
  const path = join(dataDir, ANCHOR_FILE);
  if (!existsSync(path)) return null;
  try {
    const { position, globalHash, eventCount } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    if (typeof position !== 'string' || typeof globalHash !== 'string' || typeof eventCount !== 'string') return null;
    return { position: BigInt(position), globalHash, eventCount: BigInt(eventCount) };
  } catch {
    return null;
  }
};

/**
 * Writes the anchor at a verified or signed checkpoint. The event count is the previous anchor's plus
 * the events after it, a range read of the events since (bounded by the checkpoint interval), instead
 * of counting the whole store at every checkpoint, which grew with the store on the write path. It is
 * also the stricter count: an event deleted below the previous anchor is not counted away here, so
 * the next verification sees the difference.
 */
export const advanceAnchor = async (dataDir: string, source: GlobalChainSource, checkpoint: { position: bigint; globalHash: string }): Promise<void> => {
  const previous = readAnchor(dataDir);
  const eventCount =
    previous !== null && previous.position <= checkpoint.position
      ? previous.eventCount + (await source.countUpTo(checkpoint.position, previous.position))
      : await source.countUpTo(checkpoint.position);
  writeAnchor(dataDir, { position: checkpoint.position, globalHash: checkpoint.globalHash, eventCount });
};

export const writeAnchor = (dataDir: string, anchor: VerifiedAnchor): void => {
  const text = JSON.stringify({ position: anchor.position.toString(), globalHash: anchor.globalHash, eventCount: anchor.eventCount.toString() });
  writeFileSync(join(dataDir, ANCHOR_FILE), `${text}\n`, { mode: 0o600 });
};
