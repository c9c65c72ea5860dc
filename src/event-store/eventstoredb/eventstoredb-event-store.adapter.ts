import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type ReadPosition,
} from '@eventstore/db-client';
import {
  GENESIS_HASH,
  WrongExpectedVersion,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  type VerifyReport,
  type AppendOptions,
} from '../event-store.port';
import { assertValidExpected, checkExpectedRevision } from '../expected-revision';
import { StreamChainVerifier, VerifyReportBuilder, chainEntryOf, encodeEvent, linkEvents, type EncodedEvent } from '../hash-chain';
import { assertDistinctIds, replayedAppend } from '../idempotency';
import { pagesMax } from '../paging';
import { assertAppendSize, assertValidRevision, assertValidStreamName, boundedCount, matchesFilter } from '../read-options';
import { boundedSetting, collect, collectStream, feedVerifier, positionOf, serverFilter, storedOf, toEventData } from './eventstoredb-mapping';
import { assertLastMatchesChain, reserveKey } from './eventstoredb-reservations';
import { EventStoreDbSubscription, isUserEvent, toRecordedEvent } from './eventstoredb-subscription';
import { assertValidReservations } from '../reservations';

export interface EventStoreDbOptions {
  /**
   * How many of a stream's latest events an append reads to recognise a retried batch. A retry
   * arriving after more than this many newer events in the same stream is not recognised here;
   * with an exact expected revision it is then refused as a version conflict instead.
   */
  readonly idempotencyWindow?: number;
  /** Attempts at an append whose internal exact expectation lost a race (only `any`/`streamExists` can succeed on retry). */
  readonly maxAppendAttempts?: number;
  /** A client to use instead of one built from the connection string (tests drive the adapter with a fake). */
  readonly client?: EventStoreDBClient;
}

/** Bounds of paged reads; each page is one server round trip. */
const PAGE_SIZE = 512;
/** Upper bound on the pages one readAll/verifyStream/verifyAll walks: PAGED_READ_EVENTS_MAX in pages of PAGE_SIZE. */
const MAX_ALL_PAGES = pagesMax(PAGE_SIZE);
/** System events ($stats, $metadata …) may sit at the end of $all; look this far back for the last user event. */
const MAX_HEAD_PAGES = 16;

/**
 * The EventStoreDB adapter (client v6, gRPC). Positions are commit positions of the transaction
 * log: unique and increasing, but not contiguous. Limits worth knowing:
 * - Event ids must be UUIDs (the server requires it); `deterministicEventId` produces them.
 * - The hash chain lives in event metadata. The server cannot compute it atomically, so an append
 *   reads the stream tail, links the new events onto the last hash and writes with the exact
 *   revision it read as the server-side guard (NO_STREAM for a new stream). A lost race is
 *   re-read and retried a bounded number of times; the caller's own expectation is re-checked
 *   against each fresh read, so an exact expectation still fails with the real actual revision.
 * - Idempotency is checked by the adapter against the stream's latest `idempotencyWindow` events
 *   (the server's own id check would accept a retry with different content). An id reused in
 *   another stream is not detected (SQLite refuses it).
 * - Client v6 reads of $all cannot filter server-side, so readAll filters client-side while
 *   paging; subscriptions do filter server-side (stream prefix, or an exact event-type regex) and
 *   re-check every event client-side.
 * - verifyAll walks $all once, keeping one small verifier per stream: memory grows with the
 *   number of streams. Events from streams without chain metadata are reported as breaks.
 * - Positions assume each event has its own commit position (true for gRPC appends on 20.x+).
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly subscriptions = new Set<EventStoreDbSubscription>();
  private readonly idempotencyWindow: number;
  private readonly maxAppendAttempts: number;

  constructor(readonly connectionString: string, options: EventStoreDbOptions = {}) {
    this.client = options.client ?? EventStoreDBClient.connectionString(connectionString);
    this.idempotencyWindow = boundedSetting('idempotencyWindow', options.idempotencyWindow ?? 64, 0, 50_000);
    this.maxAppendAttempts = boundedSetting('maxAppendAttempts', options.maxAppendAttempts ?? 5, 1, 100);
  }

  async appendToStream(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision, options: AppendOptions = {}): Promise<AppendResult> {
    assertValidStreamName(stream);
    assertValidExpected(expected);
    assertAppendSize(events.length);
    const reservations = options.reservations ?? [];
    assertValidReservations(reservations);
    const encoded = events.map(encodeEvent);
    assertDistinctIds(stream, encoded);
    // Reserved before the append, so two instances can never both append under one key. A crash
    // between the two leaves a reservation whose append is missing: the same stream and content
    // find the reservation theirs and complete the append (the repair); anything else stays refused.
    for (const reservation of reservations) await reserveKey(this.client, stream, reservation);
    let lastConflict: WrongExpectedVersionError | null = null;
    for (let attempt = 0; attempt < this.maxAppendAttempts; attempt += 1) {
      const outcome = await this.attemptAppend(stream, encoded, expected);
      if (!(outcome instanceof WrongExpectedVersionError)) return outcome;
      lastConflict = outcome;
    }
    const actual = lastConflict?.actualVersion;
    throw new WrongExpectedVersion(stream, expected, typeof actual === 'bigint' ? actual : 'noStream');
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = boundedCount(options.maxCount);
    const backwards = options.direction === 'backwards';
    const from = options.from ?? (backwards ? 'end' : 'start');
    assertValidRevision(from);
    if (maxCount === 0) return [];
    const read = this.client.readStream(stream, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: from === 'start' ? START : from === 'end' ? END : from,
      maxCount,
    });
    return collectStream(read, maxCount);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = boundedCount(options.maxCount);
    const found: RecordedEvent[] = [];
    let after = options.afterPosition ?? 0n;
    for (let page = 0; page < MAX_ALL_PAGES && found.length < maxCount; page += 1) {
      const batch = await this.readAllPage(after, PAGE_SIZE);
      for (const event of batch.events) {
        if (found.length < maxCount && matchesFilter(event, options.filter)) found.push(event);
      }
      if (batch.lastPosition === null) break;
      after = batch.lastPosition;
    }
    return found;
  }

  async streamExists(stream: string): Promise<boolean> {
    return (await this.readStream(stream, { direction: 'backwards', maxCount: 1 })).length > 0;
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const after = options.afterPosition ?? 0n;
    const source = this.client.subscribeToAll({
      fromPosition: after === 0n ? START : positionOf(after),
      filter: serverFilter(options.filter),
    });
    const subscription: EventStoreDbSubscription = new EventStoreDbSubscription(source, {
      afterPosition: after,
      filter: options.filter,
      onStopped: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint> {
    let from: ReadPosition = END;
    for (let page = 0; page < MAX_HEAD_PAGES; page += 1) {
      const resolved: AllStreamResolvedEvent[] = await collect(
        this.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: PAGE_SIZE }),
        PAGE_SIZE,
      );
      const user = resolved.find(isUserEvent);
      if (user?.event) return user.event.position.commit;
      const last = resolved[resolved.length - 1]?.event;
      if (resolved.length < PAGE_SIZE || !last) return 0n;
      from = last.position;
    }
    throw new Error(`no user event among the last ${MAX_HEAD_PAGES * PAGE_SIZE} events of $all`);
  }

  async verifyStream(stream: string): Promise<VerifyReport> {
    const verifier = new StreamChainVerifier(stream);
    let from = 0n;
    for (let page = 0; page < MAX_ALL_PAGES && !verifier.done; page += 1) {
      const events = await this.readStream(stream, { from, maxCount: PAGE_SIZE });
      for (const event of events) verifier.feed(chainEntryOf(event));
      if (events.length < PAGE_SIZE) break;
      from = events[events.length - 1]!.revision + 1n;
    }
    verifier.finish();
    const report = new VerifyReportBuilder();
    report.add(verifier);
    return report.build();
  }

  async verifyAll(): Promise<VerifyReport> {
    const verifiers = new Map<string, StreamChainVerifier>();
    let after = 0n;
    for (let page = 0; page < MAX_ALL_PAGES; page += 1) {
      const batch = await this.readAllPage(after, PAGE_SIZE);
      for (const event of batch.events) feedVerifier(verifiers, event);
      if (batch.lastPosition === null) break;
      after = batch.lastPosition;
    }
    const report = new VerifyReportBuilder();
    for (const verifier of [...verifiers.values()].sort((a, b) => (a.streamName < b.streamName ? -1 : 1))) {
      verifier.finish();
      report.add(verifier);
    }
    return report.build();
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  // ---- appends -------------------------------------------------------------------------------

  /** One read-check-write round; returns the server's conflict instead of throwing it so the caller can retry. */
  private async attemptAppend(
    stream: string,
    events: readonly EncodedEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult | WrongExpectedVersionError> {
    const tail = await this.readStream(stream, { direction: 'backwards', maxCount: events.length + this.idempotencyWindow });
    const replay = replayedAppend(stream, events, new Map(tail.map((event) => [event.metadata.eventId, storedOf(event)])));
    if (replay) return replay;
    const last = tail[0] ?? null;
    const current = last ? last.revision : null;
    checkExpectedRevision(stream, expected, current);
    if (last) assertLastMatchesChain(last);
    if (events.length === 0) return { nextExpectedRevision: current ?? -1n, position: last ? last.position : 0n };
    const linked = linkEvents(events, last ? last.metadata.hash : GENESIS_HASH);
    try {
      const result = await this.client.appendToStream(stream, linked.map(toEventData), { expectedRevision: current ?? NO_STREAM });
      if (!result.position) throw new Error(`EventStoreDB returned no position for the append to ${stream}`);
      return { nextExpectedRevision: result.nextExpectedRevision, position: result.position.commit };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return error;
      throw error;
    }
  }

  // ---- reads ---------------------------------------------------------------------------------

  /**
   * One page of $all strictly after `after` (EventStoreDB reads from a position inclusively),
   * without system events. `lastPosition` is the last position scanned, null at the end of $all.
   */
  private async readAllPage(after: bigint, pageSize: number): Promise<{ events: RecordedEvent[]; lastPosition: bigint | null }> {
    const fromPosition = after === 0n ? START : positionOf(after);
    const resolved = await collect(this.client.readAll({ direction: FORWARDS, fromPosition, maxCount: pageSize }), pageSize);
    const scanned = resolved.filter((entry) => entry.event !== undefined && entry.event.position.commit > after);
    const events = scanned.filter(isUserEvent).map((entry) => toRecordedEvent(entry.event!));
    if (resolved.length < pageSize) return { events, lastPosition: null };
    const last = scanned[scanned.length - 1]?.event;
    if (!last) throw new Error(`$all read made no progress past commit position ${after}`);
    return { events, lastPosition: last.position.commit };
  }
}
