import type { EventMetadata, RecordedEvent } from '../event-store.port';
import { contentOf, type ChainEntry } from '../hash-chain';
import type { StoredForReplay } from '../idempotency';
import { MAX_INT64, assertValidRevision } from '../read-options';
import type { EventRow, RecordedRow } from './sqlite-schema';

/** How a row of the `events` table becomes what the port returns, what a replay compares, and what the chain checks. */

export const storedOfRow = (row: EventRow): StoredForReplay => ({
  streamName: row.stream_name,
  revision: row.revision,
  position: row.position,
  type: row.type,
  dataJson: row.data,
  metadataJson: row.metadata,
});

export const toRecordedEvent = ([position, streamName, revision, type, data, metadata, prevHash, hash]: RecordedRow): RecordedEvent => ({
  type,
  data: JSON.parse(data) as unknown,
  // The parsed metadata is this event's own object, so the chain fields are assigned to it rather
  // than spread into a copy of every field.
  metadata: Object.assign(JSON.parse(metadata) as EventMetadata, { prevHash: prevHash ?? '', hash: hash ?? '' }),
  streamName,
  revision,
  position,
});

/** The stored texts are the canonical encodings written at append time, so the content is rebuilt without parsing. */
export const chainEntryOfRow = (row: EventRow): ChainEntry => ({
  streamName: row.stream_name,
  revision: row.revision,
  position: row.position,
  eventId: row.event_id,
  prevHash: row.prev_hash ?? '',
  hash: row.hash ?? '',
  content: contentOf(row.type, row.data, row.metadata),
});

export const startRevision = (from: bigint | 'start' | 'end'): bigint => {
  assertValidRevision(from);
  if (from === 'start') return 0n;
  // Forwards from the end reads nothing (as on EventStoreDB); backwards from the end reads from the last event.
  if (from === 'end') return MAX_INT64;
  return from;
};
