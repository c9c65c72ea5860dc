import { DEFAULT_MAX_COUNT, type EventFilter, type RecordedEvent } from './event-store.port';

/** Limits and argument checks both adapters share, so a caller sees the same refusals on either. */

/** Hard upper bound on one read; a larger page is a caller bug (page with afterPosition/from instead). */
export const MAX_READ_COUNT = 100_000;
export const MAX_INT64 = 9_223_372_036_854_775_807n;
/**
 * A position as SQLite can bind it. Positions are signed 64-bit integers, so a larger one lies beyond
 * every head and is read as the largest (nothing after it), and a negative one lies before the first
 * event and is read as 0: a caller's out-of-range cursor reads as an empty or a full page instead of
 * throwing the driver's RangeError.
 */
export const storablePosition = (position: bigint): bigint => (position > MAX_INT64 ? MAX_INT64 : position < 0n ? 0n : position);
/** Upper bound on events in one append: a transaction (or gRPC batch) of bounded size. */
export const MAX_EVENTS_PER_APPEND = 10_000;

export const assertAppendSize = (count: number): void => {
  if (count > MAX_EVENTS_PER_APPEND) throw new RangeError(`append of ${count} events exceeds the limit of ${MAX_EVENTS_PER_APPEND}`);
};

export const boundedCount = (maxCount: number | undefined): number => {
  const count = maxCount ?? DEFAULT_MAX_COUNT;
  if (!Number.isInteger(count) || count < 0 || count > MAX_READ_COUNT) {
    throw new RangeError(`maxCount must be an integer in [0, ${MAX_READ_COUNT}], got ${count}`);
  }
  return count;
};

export const assertValidStreamName = (stream: string): void => {
  if (typeof stream !== 'string' || stream === '') throw new TypeError('stream name must be a non-empty string');
  // "$" streams are EventStoreDB system streams; refusing them on SQLite too keeps the adapters interchangeable.
  if (stream.startsWith('$')) throw new RangeError(`stream names starting with "$" are reserved for system streams: ${stream}`);
};

export const assertValidRevision = (revision: bigint | 'start' | 'end'): void => {
  if (typeof revision === 'bigint' && (revision < 0n || revision > MAX_INT64)) {
    throw new RangeError(`revision must be in [0, 2^63 - 1], got ${revision}`);
  }
};

/** An empty list means "no restriction", the same as leaving the field out. */
export const nonEmpty = (values: readonly string[] | undefined): readonly string[] | null =>
  values && values.length > 0 ? values : null;

/** Client-side evaluation of a filter (EventStoreDB reads cannot filter server-side in client v6). */
export const matchesFilter = (event: Pick<RecordedEvent, 'type' | 'streamName'>, filter: EventFilter | undefined): boolean => {
  const types = nonEmpty(filter?.eventTypes);
  const prefixes = nonEmpty(filter?.streamPrefixes);
  if (types && !types.includes(event.type)) return false;
  if (prefixes && !prefixes.some((prefix) => event.streamName.startsWith(prefix))) return false;
  return true;
};
