import type { GlobalChainSource } from '../event-store/event-store.port';
import type { Checkpoint } from './checkpoint';

/** Where an incremental run resumes the global walk: a signed checkpoint the store still matches. */
export interface VerifiedAnchor {
  readonly position: bigint;
  readonly globalHash: string;
}

/**
 * Chooses where start-up verification may resume, from signed state only. A file in the data
 * directory naming "the last verified position" could be rewritten by anyone who can rewrite the
 * events, so the resume point is the newest checkpoint whose signature the caller has already
 * checked with the public key, and only when the store still matches it:
 *
 * - every position from 1 to the checkpoint's is there (the embedded store numbers its events
 *   1, 2, 3, … and never reuses a number, so the count below the checkpoint must equal its
 *   position: a deleted event or stream leaves a gap no later row can fill without moving others);
 * - the global hash stored at that position is the one the key signed.
 *
 * Everything after the checkpoint is then walked link by link from the signed hash. When the newest
 * checkpoint does not match, null asks for a full walk, which names the problem and its place;
 * looking further back would cost a count of the store per checkpoint tried.
 */
export const signedResumePoint = async (source: GlobalChainSource, checkpoints: readonly Checkpoint[]): Promise<VerifiedAnchor | null> => {
  const newest = checkpoints[checkpoints.length - 1];
  if (!newest || !source.contiguousPositions) return null;
  const position = BigInt(newest.position);
  if ((await source.countUpTo(position, 0n)) !== position) return null;
  const [stored] = await source.globalChainPage(position - 1n, 1);
  if (!stored || stored.position !== position || stored.storedGlobalHash !== newest.globalHash) return null;
  return { position, globalHash: newest.globalHash };
};
