import {
  StreamNotFoundError,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type Filter,
  type ResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import { canonicalJson } from '../../shared/canonical-json';
import type { EventFilter, RecordedEvent } from '../event-store.port';
import { StreamChainVerifier, chainEntryOf, metadataWithoutChain, type LinkedEvent } from '../hash-chain';
import type { StoredForReplay } from '../idempotency';
import { nonEmpty } from '../read-options';
import { toRecordedEvent } from './eventstoredb-subscription';

/**
 * Mapping between the port and the EventStoreDB client: events as written and as compared for a
 * replay, positions, the server-side filter, and bounded collection of the client's streaming reads.
 */

export const boundedSetting = (name: string, value: number, min: number, max: number): number => {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${value}`);
  return value;
};

export const feedVerifier = (verifiers: Map<string, StreamChainVerifier>, event: RecordedEvent): void => {
  let verifier = verifiers.get(event.streamName);
  if (!verifier) {
    verifier = new StreamChainVerifier(event.streamName);
    verifiers.set(event.streamName, verifier);
  }
  verifier.feed(chainEntryOf(event));
};

export const storedOf = (event: RecordedEvent): StoredForReplay => ({
  streamName: event.streamName,
  revision: event.revision,
  position: event.position,
  type: event.type,
  dataJson: canonicalJson(event.data),
  metadataJson: canonicalJson(metadataWithoutChain(event.metadata)),
});

/** The event as written: data re-parsed from its canonical JSON (bigints became strings), chain fields in metadata. */
export const toEventData = (event: LinkedEvent) =>
  jsonEvent({
    id: event.eventId,
    type: event.type,
    data: JSON.parse(event.dataJson) as Record<string, unknown>,
    metadata: { ...(JSON.parse(event.metadataJson) as Record<string, unknown>), prevHash: event.prevHash, hash: event.hash },
  });

/** Our global position is the commit position; on a single node the prepare position of an event equals it. */
export const positionOf = (position: bigint): { commit: bigint; prepare: bigint } => ({ commit: position, prepare: position });

/**
 * The server-side filter: only one is possible, so stream prefixes win (they are the most
 * selective in this ledger) and event types become an exact-match regex; system events are always
 * excluded. The subscription re-checks the full filter client-side.
 */
export const serverFilter = (filter: EventFilter | undefined): Filter => {
  const prefixes = nonEmpty(filter?.streamPrefixes);
  if (prefixes) return streamNameFilter({ prefixes: [...prefixes] });
  const types = nonEmpty(filter?.eventTypes);
  if (types) return eventTypeFilter({ regex: `^(?:${types.map(escapeRegex).join('|')})$` });
  return excludeSystemEvents();
};

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const collect = async <E>(read: StreamingRead<E>, limit: number): Promise<E[]> => {
  const items: E[] = [];
  for await (const item of read) {
    items.push(item);
    if (items.length >= limit) break;
  }
  return items;
};

/** Reads a stream; a stream that does not exist reads as empty, as on the SQLite adapter. */
export const collectStream = async (read: StreamingRead<ResolvedEvent>, limit: number): Promise<RecordedEvent[]> => {
  try {
    const resolved = await collect(read, limit);
    return resolved.flatMap((entry) => (entry.event ? [toRecordedEvent(entry.event)] : []));
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
};
