import type { AllStreamRecordedEvent, AllStreamResolvedEvent, AllStreamSubscription, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import type { EventFilter, EventMetadata, ChainLink, RecordedEvent, Subscription } from '../event-store.port';
import { matchesFilter } from '../read-options';

/** System streams and system event types both start with "$"; the ledger never writes either. */
export const isUserEvent = (entry: AllStreamResolvedEvent): boolean =>
  entry.event !== undefined && !entry.event.streamId.startsWith('$') && !entry.event.type.startsWith('$');

/** Maps a server event to the port's shape; the commit position is our global position. */
export const toRecordedEvent = (event: EsdbRecordedEvent | AllStreamRecordedEvent): RecordedEvent => {
  if (!event.position) throw new Error(`EventStoreDB returned no position for ${event.streamId}@${event.revision}`);
  return {
    type: event.type,
    data: event.isJson ? event.data : JSON.parse(Buffer.from(event.data as Uint8Array).toString('utf8')),
    metadata: metadataOf(event),
    streamName: event.streamId,
    revision: event.revision,
    position: event.position.commit,
  };
};

const metadataOf = (event: EsdbRecordedEvent | AllStreamRecordedEvent): EventMetadata & ChainLink => {
  const raw = event.metadata;
  const parsed = raw instanceof Uint8Array ? (JSON.parse(Buffer.from(raw).toString('utf8')) as unknown) : raw;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`event ${event.id} in ${event.streamId} has no ledger metadata`);
  }
  return parsed as EventMetadata & ChainLink;
};

export interface EventStoreDbSubscriptionOptions {
  readonly afterPosition: bigint;
  readonly filter: EventFilter | undefined;
  readonly onStopped: () => void;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * Adapts the client's catch-up subscription (a Readable that pushes events, catches up and then
 * goes live server-side) to the port's async iterable. Every event is re-checked client-side: the
 * server applies at most one filter, and a start position is inclusive on some server versions, so
 * events at or before `afterPosition` are dropped here.
 */
export class EventStoreDbSubscription implements Subscription, AsyncIterator<RecordedEvent> {
  private readonly iterator: AsyncIterator<AllStreamResolvedEvent>;
  private stopped = false;
  private lastPosition: bigint;

  constructor(private readonly source: AllStreamSubscription, private readonly options: EventStoreDbSubscriptionOptions) {
    this.iterator = source[Symbol.asyncIterator]();
    this.lastPosition = options.afterPosition;
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this;
  }

  async next(): Promise<IteratorResult<RecordedEvent>> {
    // Unbounded on purpose: a live subscription lasts until stopped; each turn consumes one server event.
    for (;;) {
      if (this.stopped) return DONE;
      const result = await this.iterator.next();
      if (this.stopped || result.done) return DONE;
      const event = this.accept(result.value);
      if (event) return { done: false, value: event };
    }
  }

  async return(): Promise<IteratorResult<RecordedEvent>> {
    await this.stop();
    return DONE;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.options.onStopped();
    await this.source.unsubscribe();
  }

  private accept(entry: AllStreamResolvedEvent): RecordedEvent | null {
    if (!isUserEvent(entry) || !entry.event) return null;
    const event = toRecordedEvent(entry.event);
    if (event.position <= this.lastPosition) return null;
    this.lastPosition = event.position;
    return matchesFilter(event, this.options.filter) ? event : null;
  }
}
