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

/** Feed settings; `heartbeatMs` may be lowered by tests to see heartbeats quickly. */
@Injectable()
export class FeedSettings {
  heartbeatMs = DEFAULT_HEARTBEAT_MS;
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
   * left out; `nextAfter` still follows the unfiltered page, so paging never stalls on a gap.
   */
  async page(after: bigint, limit: number, principal: Principal): Promise<FeedPage> {
    const [events, head] = await Promise.all([this.store.readAll({ afterPosition: after, maxCount: limit }), this.store.headPosition()]);
    const last = events[events.length - 1];
    const visible = await this.visibleTo(principal, events);
    return { events: visible.map(feedEventOf), nextAfter: (last ? last.position : after).toString(), headPosition: head.toString() };
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
