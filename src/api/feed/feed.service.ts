import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { EventStore, RecordedEvent, Subscription } from '../../event-store/event-store.port';
import { AppConfig } from '../../config/app.config';
import { EVENT_STORE } from '../infrastructure/tokens';
import { RegionScope } from '../auth/region-scope';
import type { Principal } from '../auth/roles';
import { feedEventOf, sseMessage, type FeedPage } from './feed-event';

/** Live connections are bounded: each holds a store subscription. */
export const MAX_LIVE_CONNECTIONS = 1000;
export const DEFAULT_HEARTBEAT_MS = 15_000;
/** Tells EventSource clients how long to wait before reconnecting. */
const RECONNECT_MS = 2000;

/**
 * Raw events one page request may scan for a principal limited to regions: ten full pages. It bounds
 * the work of a request over a long run of other regions' events; the page then ends early.
 */
export const DEFAULT_MAX_SCANNED_EVENTS = 10_000;
/** What one read of a scan asks for when the principal is limited to regions (most events may be left out). */
const SCAN_BATCH = 500;

/** Feed settings; tests lower `heartbeatMs` to see heartbeats quickly and `maxScannedEvents` to reach the bound. */
@Injectable()
export class FeedSettings {
  heartbeatMs = DEFAULT_HEARTBEAT_MS;
  maxScannedEvents = DEFAULT_MAX_SCANNED_EVENTS;
}

interface LiveConnection {
  readonly subscription: Subscription;
  readonly response: ServerResponse;
  readonly principal: Principal;
}

/**
 * The downstream feed: pages of the global order, and Server-Sent Events that catch up and then
 * follow `subscribeToAll` live. Each connection's subscription is stopped when its client goes away
 * and, for all of them, before the application shuts down (the store closes after).
 */
@Injectable()
export class FeedService implements OnModuleDestroy {
  private readonly logger = new Logger('Feed');
  private readonly live = new Set<LiveConnection>();
  private readonly livePerPrincipal = new Map<string, number>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly settings: FeedSettings,
    private readonly config: AppConfig,
    private readonly scope: RegionScope,
  ) {}

  /**
   * A page of the global order. For a principal limited to regions, events of other regions are
   * left out, and the page scans on past them until it holds `limit` events, reaches the head or has
   * scanned `maxScannedEvents`; `nextAfter` is then the last position scanned (or the last event
   * shown, when the limit cut a read short), so paging never stalls on a gap and never skips an event.
   */
  async page(after: bigint, limit: number, principal: Principal): Promise<FeedPage> {
    // The head is read first: every event up to it is visible to the reads that follow.
    const head = await this.store.headPosition();
    const batch = principal.regions === null ? limit : Math.max(limit, SCAN_BATCH);
    const budget = Math.max(1, this.settings.maxScannedEvents);
    const shown: RecordedEvent[] = [];
    let scannedTo = after;
    let scanned = 0;
    let atEnd = false;
    // Each read scans at least one event or finds the end, so the budget bounds the reads.
    for (let reads = 0; reads < budget && shown.length < limit && scanned < budget && !atEnd; reads += 1) {
      const wanted = Math.min(batch, budget - scanned);
      const events = await this.store.readAll({ afterPosition: scannedTo, maxCount: wanted });
      atEnd = events.length < wanted;
      const visible = await this.visibleTo(principal, events);
      const taken = visible.slice(0, limit - shown.length);
      shown.push(...taken);
      // When the limit cuts this read short, the next page starts right after the last event shown.
      const cut = taken.length < visible.length;
      const last = cut ? taken[taken.length - 1] : events[events.length - 1];
      if (last) scannedTo = last.position;
      scanned += events.length;
      if (cut) atEnd = false;
    }
    // A short read saw everything up to the store's end, which lies at or past `head`: the consumer may move to the head.
    const nextAfter = atEnd && scannedTo < head ? head : scannedTo;
    return { events: shown.map(feedEventOf), nextAfter: nextAfter.toString(), headPosition: head.toString(), reachedHead: nextAfter >= head };
  }

  canAcceptLiveConnection(): boolean {
    return this.live.size < MAX_LIVE_CONNECTIONS;
  }

  canAcceptLiveConnectionOf(principal: Principal): boolean {
    return (this.livePerPrincipal.get(principal.id) ?? 0) < this.config.security.sseStreamsPerPrincipal;
  }

  /** Open SSE connections (each holding a store subscription). */
  liveConnections(): number {
    return this.live.size;
  }

  /** Streams every event after `after` as SSE until the client disconnects or the app stops. */
  async stream(after: bigint, request: IncomingMessage, response: ServerResponse, principal: Principal): Promise<void> {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    response.write(`retry: ${RECONNECT_MS}\n: streaming events after position ${after}\n\n`);
    const connection: LiveConnection = { subscription: this.store.subscribeToAll({ afterPosition: after }), response, principal };
    this.live.add(connection);
    this.livePerPrincipal.set(principal.id, (this.livePerPrincipal.get(principal.id) ?? 0) + 1);
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), this.settings.heartbeatMs);
    const stop = (): void => void connection.subscription.stop();
    request.on('close', stop);
    response.on('close', stop);
    try {
      await this.pump(connection);
    } catch (error: unknown) {
      this.logger.warn(`feed stream ended by an error: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      clearInterval(heartbeat);
      this.live.delete(connection);
      this.release(principal);
      await connection.subscription.stop();
      if (!response.writableEnded) response.end();
    }
  }

  async onModuleDestroy(): Promise<void> {
    const connections = [...this.live];
    await Promise.all(connections.map((connection) => connection.subscription.stop()));
    for (const connection of connections) if (!connection.response.writableEnded) connection.response.end();
  }

  /**
   * Writes each event as it comes; when the socket's buffer is full, waits for it to drain (or for
   * the client to leave), so a slow consumer slows its own subscription instead of growing memory.
   */
  private async pump({ subscription, response, principal }: LiveConnection): Promise<void> {
    // Bounded by the client: it ends when the subscription is stopped (disconnect or shutdown).
    for await (const event of subscription) {
      if (response.destroyed) break;
      if (!(await this.scope.mayAccessEvent(principal, event))) continue;
      if (!response.write(sseMessage(event))) await Promise.race([once(response, 'drain'), once(response, 'close')]);
    }
  }

  private release(principal: Principal): void {
    const count = (this.livePerPrincipal.get(principal.id) ?? 1) - 1;
    if (count <= 0) this.livePerPrincipal.delete(principal.id);
    else this.livePerPrincipal.set(principal.id, count);
  }

  private async visibleTo(principal: Principal, events: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
    if (principal.regions === null) return [...events];
    const visible = await Promise.all(events.map((event) => this.scope.mayAccessEvent(principal, event)));
    return events.filter((_event, index) => visible[index]);
  }
}
