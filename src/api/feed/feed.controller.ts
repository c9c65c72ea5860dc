import { Controller, Get, HttpException, HttpStatus, Query, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal } from '../auth/access.decorator';
import type { Principal } from '../auth/roles';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { headerOf, type HttpReply, type HttpRequest } from '../common/http-types';
import { optionalLimit, optionalPosition } from '../audit/query-params';
import type { FeedPage } from './feed-event';
import { DEFAULT_MAX_SCANNED_EVENTS, FeedService } from './feed.service';
import { KnownQuery } from '../common/known-query.pipe';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
/**
 * The paging rule, for every credential. A credential limited to regions gets pages with other
 * regions' events left out and a bounded scan, so it may see an empty page before the head.
 */
const FEED_PAGING_RULE =
  'Follow `nextAfter` until `reachedHead` is true (that is, until `nextAfter` reaches `headPosition`). ' +
  'A credential limited to regions gets only its regions\' events: a page scans past the others until it holds `limit` events or reaches the head, ' +
  `but at most ${DEFAULT_MAX_SCANNED_EVENTS} events per request, so such a page may hold fewer than \`limit\` events, or none, before the head. ` +
  'For a credential without regions an empty page is always at the head.';
/** What a client refused a further stream is told to wait before trying again. */
const STREAM_RETRY_AFTER_SECONDS = 10;

class FeedEventResponse {
  @ApiProperty({ example: '42', description: 'Global position (decimal string).' }) readonly position!: string;
  @ApiProperty({ example: 'benefit-year-p-000123-2023' }) readonly streamName!: string;
  @ApiProperty({ example: '0' }) readonly revision!: string;
  @ApiProperty({ example: 'ClaimSettled' }) readonly type!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event data (docs/events.md).' }) readonly data!: object;
  @ApiProperty({
    example: {
      eventId: '0b6f5a3e-6a0e-5c1b-9d2f-3f4e5a6b7c8d',
      schemaVersion: 1,
      correlationId: 'req-7f3a',
      causationId: 'req-7f3a',
      actor: 'clerk:hz-017',
      recordedAt: '2023-07-01T02:00:00.000Z',
      prevHash: '0'.repeat(64),
      hash: '5f1c…',
    },
  })
  readonly metadata!: object;
}

class FeedPageResponse {
  @ApiProperty({ type: [FeedEventResponse] }) readonly events!: FeedEventResponse[];
  @ApiProperty({ example: '142', description: 'Pass as `after` for the next page: the last position this page scanned.' }) readonly nextAfter!: string;
  @ApiProperty({ example: '500', description: 'The store\'s head when the page was read.' }) readonly headPosition!: string;
  @ApiProperty({ example: false, description: 'True when `nextAfter` has reached `headPosition`: stop paging (or wait and page again).' })
  readonly reachedHead!: boolean;
}

/**
 * The feed for downstream consumers (statistics, the national platform, data warehouses): the
 * public events in global order, as pages or as a live SSE stream. With EventStoreDB, consumers may
 * instead subscribe to `$all` directly with a filter (docs/events.md).
 */
@ApiTags('feed')
@Controller('feed')
export class FeedController {
  constructor(private readonly feed: FeedService) {}

  @Get()
  @ApiOperation({ summary: 'A page of events in global order, after a position', description: FEED_PAGING_RULE })
  @ApiQuery({ name: 'after', required: false, example: '0', description: 'Exclusive: events with a greater position. Default 0 (from the start).' })
  @ApiQuery({ name: 'limit', required: false, example: DEFAULT_PAGE_SIZE, description: `At most ${MAX_PAGE_SIZE}; default ${DEFAULT_PAGE_SIZE}.` })
  @ApiOkResponse({ type: FeedPageResponse })
  @ApiErrorResponses(400)
  @Allow('consumer', 'inspector')
  async page(@KnownQuery('after', 'limit') query: Record<string, unknown>, @CurrentPrincipal() principal: Principal): Promise<FeedPage> {
    const after = optionalPosition(query.after, 'after') ?? 0n;
    const limit = optionalLimit(query.limit, 'limit', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    return this.feed.page(after, limit, principal);
  }

  @Get('stream')
  @ApiOperation({
    summary: 'Server-Sent Events: catch up after a position, then live',
    description:
      'Each message has `id:` = the global position and `data:` = the event as JSON (same shape as a page entry). ' +
      'Reconnecting EventSource clients send `Last-Event-ID` and resume right after it, so every event arrives exactly once and in order. ' +
      'A `: heartbeat` comment is sent every 15 s to keep proxies from closing an idle connection.',
  })
  @ApiProduces('text/event-stream')
  @ApiQuery({ name: 'after', required: false, example: '0', description: 'Exclusive start position; `Last-Event-ID` wins when both are given.' })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The last position received (sent by EventSource on reconnect).' })
  @ApiOkResponse({ description: 'An endless text/event-stream.' })
  @ApiErrorResponses(400, 429)
  @Allow('consumer', 'inspector')
  async stream(@Query() query: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() request: HttpRequest, @Res() reply: HttpReply): Promise<void> {
    const resumeAfter = optionalPosition(headerOf(request, 'last-event-id'), 'Last-Event-ID');
    const after = resumeAfter ?? optionalPosition(query.after, 'after') ?? 0n;
    if (!this.feed.canAcceptLiveConnection()) {
      throw new ServiceUnavailableException({ statusCode: HttpStatus.SERVICE_UNAVAILABLE, code: 'TOO_MANY_STREAMS', message: 'too many live feed connections; use GET /feed pages' });
    }
    // One client must not hold every stream: each principal has its own bound (SSE_STREAMS_PER_PRINCIPAL).
    if (!this.feed.canAcceptLiveConnectionOf(principal)) {
      reply.header('Retry-After', String(STREAM_RETRY_AFTER_SECONDS));
      throw new HttpException(
        { statusCode: HttpStatus.TOO_MANY_REQUESTS, code: 'TOO_MANY_STREAMS_FOR_PRINCIPAL', message: 'this credential already holds its maximum of live feed connections; close one first' },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    // The stream is written to Node's response directly; Fastify leaves a hijacked reply alone, so
    // the headers the reply holds so far (Cache-Control, the request id) are copied onto it.
    reply.hijack();
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value);
    await this.feed.stream(after, request.raw, reply.raw, principal);
  }
}
