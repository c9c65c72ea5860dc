import { createHash } from 'node:crypto';
import { GENESIS_HASH } from './event-store.port';

/**
 * The global chain: every event is committed to its predecessor in the store's global order, so
 * that deleting, inserting or moving an event anywhere changes the global hash of every later
 * position. A per-stream chain alone cannot show a whole stream deleted with its head, or a stream
 * recomputed from an edit onwards; the global hash at a signed checkpoint can.
 *
 *   global = sha256hex(previousGlobal + "\n" + position + "\n" + streamName + "\n" + revision + "\n" + hash)
 *
 * The first event's previous global hash is 64 zeros. `hash` is the event's own stream-chain hash,
 * which covers its type, data and metadata.
 */
export const GLOBAL_GENESIS = GENESIS_HASH;

export interface GlobalLinkInput {
  readonly position: bigint;
  readonly streamName: string;
  readonly revision: bigint;
  readonly hash: string;
}

export const globalLink = (previous: string, event: GlobalLinkInput): string =>
  createHash('sha256')
    .update(`${previous}\n${event.position}\n${event.streamName}\n${event.revision}\n${event.hash}`)
    .digest('hex');
