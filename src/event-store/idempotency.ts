import { EventIdConflict, type AppendResult } from './event-store.port';
import type { EncodedEvent } from './hash-chain';

/** A stored event as the idempotency check compares it: canonical texts, without chain fields. */
export interface StoredForReplay {
  readonly streamName: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly type: string;
  readonly dataJson: string;
  readonly metadataJson: string;
}

/**
 * Decides whether an append is a retry of one already stored. Returns the stored result when every
 * event id of the batch is stored in this stream, in the batch's order, with the same content; null
 * when none is stored; throws EventIdConflict for anything in between (other content, another
 * stream, a partially stored batch, another order), because a retry must repeat the original exactly.
 */
export const replayedAppend = (
  stream: string,
  events: readonly EncodedEvent[],
  stored: ReadonlyMap<string, StoredForReplay>,
): AppendResult | null => {
  const found = events.filter((event) => stored.has(event.eventId));
  if (found.length === 0) return null;
  for (const event of found) assertSameContent(stream, event, stored.get(event.eventId)!);
  if (found.length < events.length) {
    const missing = events.find((event) => !stored.has(event.eventId))!;
    throw new EventIdConflict(
      found[0]!.eventId,
      stream,
      `stream ${stream}: batch partially stored (${found.length} of ${events.length} event ids already present, ${missing.eventId} is not); a retry must repeat the whole original batch`,
    );
  }
  return storedResult(stream, events, stored);
};

const storedResult = (stream: string, events: readonly EncodedEvent[], stored: ReadonlyMap<string, StoredForReplay>): AppendResult => {
  const first = stored.get(events[0]!.eventId)!;
  events.forEach((event, index) => {
    if (stored.get(event.eventId)!.revision !== first.revision + BigInt(index)) {
      throw new EventIdConflict(event.eventId, stream, `stream ${stream}: event ${event.eventId} is stored, but not in the order of this batch`);
    }
  });
  const last = stored.get(events[events.length - 1]!.eventId)!;
  return { nextExpectedRevision: last.revision, position: last.position };
};

const assertSameContent = (stream: string, event: EncodedEvent, row: StoredForReplay): void => {
  if (row.streamName !== stream) {
    throw new EventIdConflict(event.eventId, stream, `event id ${event.eventId} is already stored in another stream (${row.streamName})`);
  }
  if (row.type !== event.type || row.dataJson !== event.dataJson || row.metadataJson !== event.metadataJson) {
    throw new EventIdConflict(event.eventId, stream);
  }
};

/** A batch must not name one event id twice: the second could never be stored. */
export const assertDistinctIds = (stream: string, events: readonly EncodedEvent[]): void => {
  const seen = new Set<string>();
  for (const { eventId } of events) {
    if (seen.has(eventId)) throw new EventIdConflict(eventId, stream, `event id ${eventId} appears twice in one append to ${stream}`);
    seen.add(eventId);
  }
};
