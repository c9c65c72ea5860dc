import { FORWARDS, NO_STREAM, START, StreamNotFoundError, WrongExpectedVersionError, jsonEvent, type EventStoreDBClient } from '@eventstore/db-client';
import { deterministicEventId } from '../deterministic-id';
import { StreamTampered, type RecordedEvent, type Reservation } from '../event-store.port';
import { chainEntryOf, chainHash } from '../hash-chain';
import { checkHeld } from '../reservations';
import { collect } from './eventstoredb-mapping';

/** Reservation events are `$`-typed, so reads of $all, subscriptions and the feed skip them like system events. */
export const RESERVATION_EVENT_TYPE = '$reserved';
const RESERVATION_NAMESPACE = 'benefits-ledger-reservation';

/**
 * Appends the reservation event to the stream named by the key, expecting no stream: the server
 * lets exactly one writer create it, across every instance. The event id derives from key, stream
 * and fingerprint, so a retry of the same reservation is the server's idempotent no-op; a holder
 * that finds the key already its own (a retry, or a crash between reservation and append) goes on.
 */
export const reserveKey = async (client: EventStoreDBClient, stream: string, reservation: Reservation): Promise<void> => {
  const event = jsonEvent({
    id: deterministicEventId(RESERVATION_NAMESPACE, reservation.key, stream, reservation.fingerprint),
    type: RESERVATION_EVENT_TYPE,
    data: { stream, fingerprint: reservation.fingerprint },
  });
  try {
    await client.appendToStream(reservation.key, event, { expectedRevision: NO_STREAM });
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError)) throw error;
    const held = await firstEvent(client, reservation.key);
    const data = held?.data as { stream?: unknown; fingerprint?: unknown } | undefined;
    checkHeld(stream, reservation, { stream: String(data?.stream ?? ''), fingerprint: String(data?.fingerprint ?? '') });
  }
};

const firstEvent = async (client: EventStoreDBClient, stream: string) => {
  try {
    const [resolved] = await collect(client.readStream(stream, { direction: FORWARDS, fromRevision: START, maxCount: 1 }), 1);
    return resolved?.event;
  } catch (error) {
    if (error instanceof StreamNotFoundError) return undefined;
    throw error;
  }
};

/** Nothing is appended onto a stream whose last event no longer matches its own hash. */
export const assertLastMatchesChain = (last: RecordedEvent): void => {
  const entry = chainEntryOf(last);
  if (chainHash(entry.prevHash, entry.content) !== entry.hash) {
    throw new StreamTampered(last.streamName, `revision ${last.revision} does not match its stored hash`);
  }
};
