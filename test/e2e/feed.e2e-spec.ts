import { get as httpGet, type ClientRequest, type IncomingMessage } from 'node:http';
import { FeedService, FeedSettings } from '../../src/api/feed/feed.service';
import type { EventStore } from '../../src/event-store/event-store.port';
import { EVENT_STORE } from '../../src/api/infrastructure/tokens';
import { appendEvents, enrollmentRegistered, personRegistered } from '../projections/support/ledger-fixtures';
import { startTestApp, type TestApp } from '../support/app-harness';

interface SseMessage {
  readonly id: string;
  readonly data: { position: string; type: string; data: { personId?: string } };
}

/** A minimal SSE client: collects messages and comments as they arrive. */
class SseClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  private buffer = '';
  private waiting: (() => void) | null = null;

  private constructor(private readonly request: ClientRequest, readonly response: IncomingMessage) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.onData(chunk));
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const request = httpGet(url, { headers: { Accept: 'text/event-stream', ...headers } }, (response) => resolve(new SseClient(request, response)));
      request.on('error', reject);
    });
  }

  /** Resolves once `count` messages have arrived in total; fails after `timeoutMs`. */
  async received(count: number, timeoutMs = 10_000): Promise<SseMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`only ${this.messages.length} of ${count} messages arrived`);
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
        setTimeout(resolve, Math.min(left, 100));
      });
    }
    return this.messages.slice(0, count);
  }

  close(): void {
    this.request.destroy();
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    // Each message ends with a blank line; a bounded split of what has arrived.
    let end = this.buffer.indexOf('\n\n');
    while (end >= 0) {
      this.onBlock(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end + 2);
      end = this.buffer.indexOf('\n\n');
    }
    this.waiting?.();
  }

  private onBlock(block: string): void {
    const lines = block.split('\n');
    for (const line of lines.filter((candidate) => candidate.startsWith(':'))) this.comments.push(line.slice(1).trim());
    const id = lines.find((line) => line.startsWith('id: '))?.slice(4);
    const data = lines.find((line) => line.startsWith('data: '))?.slice(6);
    if (id !== undefined && data !== undefined) this.messages.push({ id, data: JSON.parse(data) as SseMessage['data'] });
  }
}

describe('feed (e2e, embedded store)', () => {
  let subject: TestApp;
  let store: EventStore;

  beforeAll(async () => {
    subject = await startTestApp();
    store = subject.app.get<EventStore>(EVENT_STORE);
    // Seed packs are published at start; these make the log long enough to page through.
    await appendEvents(store, [personRegistered('p-feed-1'), enrollmentRegistered({ personId: 'p-feed-1' }), personRegistered('p-feed-2')]);
  });

  afterAll(async () => {
    await subject.close();
  });

  const waitUntil = async (condition: () => boolean, timeoutMs = 5000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    // Polls at most timeoutMs / 20 times.
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  describe('GET /feed', () => {
    it('pages through the global order with nextAfter', async () => {
      const head = (await store.headPosition()).toString();
      const positions: string[] = [];
      let after = '0';
      // At most one page per event plus the empty last one.
      for (let page = 0; page <= Number(head); page += 1) {
        const response = await subject.http.get(`/feed?after=${after}&limit=2`).expect(200);
        expect(response.body.events.length).toBeLessThanOrEqual(2);
        expect(response.body.headPosition).toBe(head);
        if (response.body.events.length === 0) break;
        positions.push(...response.body.events.map((event: { position: string }) => event.position));
        after = response.body.nextAfter;
      }
      expect(positions).toEqual(Array.from({ length: Number(head) }, (_, index) => String(index + 1)));
    });

    it('carries each event with its metadata and hash chain', async () => {
      const response = await subject.http.get('/feed?limit=1').expect(200);
      expect(response.body.events[0]).toMatchObject({ position: '1', revision: '0', metadata: { schemaVersion: 1, prevHash: '0'.repeat(64), hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
      expect(response.body.nextAfter).toBe('1');
    });

    it.each([
      ['limit=0', 'limit: must be an integer from 1 to 1000'],
      ['limit=1001', 'limit: must be an integer from 1 to 1000'],
      ['after=abc', 'after: must be a global position'],
    ])('400 for %s', async (query, message) => {
      const response = await subject.http.get(`/feed?${query}`).expect(400);
      expect(response.body.message).toEqual([expect.stringContaining(message)]);
    });
  });

  describe('GET /feed/stream (SSE)', () => {
    it('catches up, goes live, and resumes with Last-Event-ID receiving every event exactly once, in order', async () => {
      subject.app.get(FeedSettings).heartbeatMs = 50;
      const feed = subject.app.get(FeedService);
      const startHead = await store.headPosition();

      const consumer = { Authorization: `Bearer ${subject.tokenFor('consumer')}` };
      const first = await SseClient.open(`${subject.baseUrl}/feed/stream?after=0`, consumer);
      expect(first.response.headers['content-type']).toContain('text/event-stream');
      // Written to Node's response directly, the stream still carries the security headers.
      expect(first.response.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-store, no-transform' });
      await first.received(Number(startHead));
      await appendEvents(store, [personRegistered('p-live-1')]);
      const beforeDisconnect = await first.received(Number(startHead) + 1);
      await waitUntil(() => first.comments.includes('heartbeat'));
      first.close();
      await waitUntil(() => feed.liveConnections() === 0);

      // Written while no client is connected: the resumed stream must deliver them.
      await appendEvents(store, [personRegistered('p-offline-1'), personRegistered('p-offline-2')]);
      const lastId = beforeDisconnect[beforeDisconnect.length - 1]!.id;
      const resumed = await SseClient.open(`${subject.baseUrl}/feed/stream?after=0`, { ...consumer, 'Last-Event-ID': lastId });
      await resumed.received(2);
      await appendEvents(store, [personRegistered('p-live-2')]);
      const afterResume = await resumed.received(3);
      resumed.close();

      const ids = [...beforeDisconnect, ...afterResume].map((message) => message.id);
      const head = await store.headPosition();
      expect(ids).toEqual(Array.from({ length: Number(head) }, (_, index) => String(index + 1)));
      expect(afterResume.map((message) => message.data.data.personId)).toEqual(['p-offline-1', 'p-offline-2', 'p-live-2']);
      await waitUntil(() => feed.liveConnections() === 0);
    });

    it('bounds the live streams of one principal (429 with Retry-After), not of the others', async () => {
      const feed = subject.app.get(FeedService);
      const greedy = { Authorization: `Bearer ${subject.tokenFor('consumer')}` };
      const held = await Promise.all(Array.from({ length: 4 }, () => SseClient.open(`${subject.baseUrl}/feed/stream`, greedy)));
      try {
        expect(held.map((client) => client.response.statusCode)).toEqual([200, 200, 200, 200]);
        const refused = await subject.http.get('/feed/stream').set(greedy).expect(429);
        expect(refused.headers['retry-after']).toMatch(/^\d+$/);
        expect(refused.body.code).toBe('TOO_MANY_STREAMS_FOR_PRINCIPAL');
        const other = await SseClient.open(`${subject.baseUrl}/feed/stream`, { Authorization: `Bearer ${subject.tokenFor('consumer')}` });
        expect(other.response.statusCode).toBe(200);
        other.close();
      } finally {
        for (const client of held) client.close();
      }
      await waitUntil(() => feed.liveConnections() === 0);
    });

    it('shows a principal limited to a region only that region\'s persons and policies, live as in pages', async () => {
      await appendEvents(store, [{ type: 'PersonRegistered', data: { personId: 'p-feed-shanxi', region: 'shanxi', scheme: 'RESIDENT' } }]);
      const shanxi = subject.as('consumer', { regions: ['shanxi'] });
      const page = await shanxi.get('/feed?limit=1000').expect(200);
      const streams = new Set(page.body.events.map((event: { streamName: string }) => event.streamName));
      expect([...streams].sort()).toEqual(['person-p-feed-shanxi', 'policy-shanxi']);
      expect(page.body.nextAfter).toBe((await store.headPosition()).toString());

      const live = await SseClient.open(`${subject.baseUrl}/feed/stream?after=${page.body.nextAfter}`, { Authorization: `Bearer ${subject.tokenFor('consumer', { regions: ['shanxi'] })}` });
      await appendEvents(store, [personRegistered('p-feed-heze-late'), { type: 'PersonRegistered', data: { personId: 'p-feed-shanxi-late', region: 'shanxi', scheme: 'RESIDENT' } }]);
      const [message] = await live.received(1);
      live.close();
      expect(message?.data.data.personId).toBe('p-feed-shanxi-late');
      expect(live.messages).toHaveLength(1);
    });

    it('400 for a malformed Last-Event-ID', async () => {
      const response = await subject.http.get('/feed/stream').set('Last-Event-ID', 'yesterday').expect(400);
      expect(response.body.message).toEqual([expect.stringContaining('Last-Event-ID: must be a global position')]);
    });
  });
});

describe('feed shutdown', () => {
  it('ends open streams and stops their subscriptions when the app closes', async () => {
    const subject = await startTestApp();
    const client = await SseClient.open(`${subject.baseUrl}/feed/stream`, { Authorization: `Bearer ${subject.tokenFor('consumer')}` });
    await client.received(1);
    const ended = new Promise<void>((resolve) => client.response.on('end', () => resolve()));
    const started = Date.now();
    await subject.close();
    await ended;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(subject.app.get(FeedService).liveConnections()).toBe(0);
  });
});
