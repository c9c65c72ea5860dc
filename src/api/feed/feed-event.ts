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

export interface FeedPage {
  readonly events: readonly FeedEvent[];
  /** Pass it as `after` to get the next page; equal to the request's `after` when the page is empty. */
  readonly nextAfter: string;
  readonly headPosition: string;
}

/** One SSE message: the position as `id` (what `Last-Event-ID` resumes from), the event as JSON in `data`. */
export const sseMessage = (event: RecordedEvent): string => `id: ${event.position.toString()}\ndata: ${JSON.stringify(feedEventOf(event))}\n\n`;
