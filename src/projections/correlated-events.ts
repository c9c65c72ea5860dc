import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import type { EventLocation } from './event-index.projection';
import type { ReadModels } from './read-models';

/** An event's envelope, as `GET /events?correlationId=` lists it. */
export interface CorrelatedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly streamName: string;
  readonly revision: string;
  readonly position: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: string;
  readonly recordedAt: string;
  readonly schemaVersion: number;
}

export interface CorrelatedEvents {
  readonly correlationId: string;
  readonly events: readonly CorrelatedEvent[];
  readonly truncated: boolean;
}

export const envelopeOf = (event: RecordedEvent): CorrelatedEvent => ({
  eventId: event.metadata.eventId,
  type: event.type,
  streamName: event.streamName,
  revision: event.revision.toString(),
  position: event.position.toString(),
  correlationId: event.metadata.correlationId,
  causationId: event.metadata.causationId,
  actor: event.metadata.actor,
  recordedAt: event.metadata.recordedAt,
  schemaVersion: event.metadata.schemaVersion,
});

/**
 * Every event one request caused, in global order: the event index says where they are (as far as
 * the projections have seen), and each envelope is read back from the store, upcast like every read,
 * so the answer is what the log holds. The caller's `mayRead` leaves out streams outside its reach
 * before anything of them is read.
 */
export class CorrelatedEventRecords {
  constructor(
    private readonly readModels: ReadModels,
    private readonly store: EventStore,
  ) {}

  async byCorrelation(correlationId: string, mayRead: (streamName: string) => Promise<boolean>): Promise<CorrelatedEvents> {
    const { locations, truncated } = this.readModels.eventLocationsByCorrelation(correlationId);
    const readable = await Promise.all(locations.map((location) => mayRead(location.streamName)));
    const events: CorrelatedEvent[] = [];
    for (const [index, location] of locations.entries()) if (readable[index]) events.push(await this.eventAt(location));
    return { correlationId, events, truncated };
  }

  private async eventAt(location: EventLocation): Promise<CorrelatedEvent> {
    const [event] = await this.store.readStream(location.streamName, { from: BigInt(location.revision), maxCount: 1 });
    // The index only ever points at events it was built from; anything else means the store changed under it.
    if (!event || event.revision !== BigInt(location.revision) || event.metadata.correlationId !== location.correlationId) {
      const where = `${location.streamName} revision ${location.revision}`;
      throw new Error(`event index: ${where} is not an event of correlation ${location.correlationId} in the store`);
    }
    return envelopeOf(event);
  }
}
