import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

export const writeAnchor = (dataDir: string, anchor: VerifiedAnchor): void => {
  const text = JSON.stringify({ position: anchor.position.toString(), globalHash: anchor.globalHash, eventCount: anchor.eventCount.toString() });
  writeFileSync(join(dataDir, ANCHOR_FILE), `${text}\n`, { mode: 0o600 });
};
