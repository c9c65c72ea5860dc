import type { RecordedEvent } from '../../event-store/event-store.port';

/** An event as the feed sends it: the recorded event with its bigints (position, revision) as decimal strings. */
export interface FeedEvent {
  readonly position: string;
  readonly streamName: string;
  readonly revision: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: RecordedEvent['metadata'];
}

export const feedEventOf = (event: RecordedEvent): FeedEvent => ({
  position: event.position.toString(),
  streamName: event.streamName,
  revision: event.revision.toString(),
  type: event.type,
  data: event.data,
  metadata: event.metadata,
});

/**
 * A page of the feed. A page for a principal limited to regions may hold fewer than `limit` events,
 * or none, before the head (its scan is bounded), so the end is told by `reachedHead`, not by an
 * empty page; for an unrestricted principal an empty page is still always at the head.
 */
export interface FeedPage {
  readonly events: readonly FeedEvent[];
  /** Pass it as `after` to get the next page: the last position the page scanned (at least the request's `after`). */
  readonly nextAfter: string;
  /** The store's head when the page was read. */
  readonly headPosition: string;
  /** True when `nextAfter` has reached `headPosition`: nothing is left to read for now. */
  readonly reachedHead: boolean;
}

/** One SSE message: the position as `id` (what `Last-Event-ID` resumes from), the event as JSON in `data`. */
export const sseMessage = (event: RecordedEvent): string => `id: ${event.position.toString()}\ndata: ${JSON.stringify(feedEventOf(event))}\n\n`;
