import { get as httpGet } from 'node:http';
import { FeedSettings } from '../../src/api/feed/feed.service';
import type { EventStore } from '../../src/event-store/event-store.port';
import { EVENT_STORE } from '../../src/api/infrastructure/tokens';
import type { LedgerEvent } from '../../src/domain/ledger.events';
import { appendEvents, personRegistered } from '../projections/support/ledger-fixtures';
import { startTestApp, type TestApp } from '../support/app-harness';

interface PageBody {
  readonly events: ReadonlyArray<{ position: string; streamName: string }>;
  readonly nextAfter: string;
  readonly headPosition: string;
  readonly reachedHead: boolean;
}

const SHANXI_PERSONS = 6;
const HEZE_RUN = 12;

const shanxiPerson = (personId: string): LedgerEvent => ({ type: 'PersonRegistered', data: { personId, region: 'shanxi', scheme: 'RESIDENT' } });

/** Runs of Heze persons with one Shanxi person after each run: a Shanxi consumer's pages cross many invisible events. */
const interleaved = (): LedgerEvent[] =>
  Array.from({ length: SHANXI_PERSONS }, (_, run) => [
    ...Array.from({ length: HEZE_RUN }, (_unused, index) => personRegistered(`p-paging-heze-${run}-${index}`)),
    shanxiPerson(`p-paging-shanxi-${run}`),
  ]).flat();

describe('feed paging and cursors (e2e, embedded store)', () => {
  let subject: TestApp;
  let store: EventStore;

  beforeAll(async () => {
    subject = await startTestApp();
    store = subject.app.get<EventStore>(EVENT_STORE);
    await appendEvents(store, interleaved());
  });

  afterAll(async () => {
    await subject.close();
  });

  /** What a Shanxi principal may see, read with an unrestricted token in one page. */
  const shanxiPositions = async (): Promise<string[]> => {
    const all = (await subject.as('consumer').get('/feed?limit=1000').expect(200)).body as PageBody;
    return all.events.filter((event) => event.streamName === 'policy-shanxi' || event.streamName.startsWith('person-p-paging-shanxi-')).map((event) => event.position);
  };

  /** Follows the documented rule: `nextAfter` until the page says it reached the head; one page per event at most. */
  const follow = async (limit: number, done: (page: PageBody) => boolean): Promise<{ positions: string[]; pages: number }> => {
    const shanxi = subject.as('consumer', { regions: ['shanxi'] });
    const positions: string[] = [];
    let after = '0';
    const head = Number(await store.headPosition());
    for (let pages = 1; pages <= head + 1; pages += 1) {
      const page = (await shanxi.get(`/feed?after=${after}&limit=${limit}`).expect(200)).body as PageBody;
      expect(page.events.length).toBeLessThanOrEqual(limit);
      positions.push(...page.events.map((event) => event.position));
      if (done(page)) return { positions, pages };
      after = page.nextAfter;
    }
    throw new Error(`the feed did not reach the head in ${head + 1} pages`);
  };

  // The reported case: positions 1 and 2 are other regions' policies, so the first page used to come back empty.
  it('gives a Shanxi consumer paging two at a time every Shanxi event exactly once, following nextAfter until reachedHead', async () => {
    const expected = await shanxiPositions();
    expect(expected.length).toBeGreaterThan(SHANXI_PERSONS);
    const { positions, pages } = await follow(2, (page) => page.reachedHead);
    expect(positions).toEqual(expected);
    // Pages fill up to the limit: one page per two visible events, plus at most one for the tail.
    expect(pages).toBeLessThanOrEqual(Math.ceil(expected.length / 2) + 1);
  });

  it('reaches the same events following nextAfter until it reaches headPosition', async () => {
    const { positions } = await follow(2, (page) => BigInt(page.nextAfter) >= BigInt(page.headPosition));
    expect(positions).toEqual(await shanxiPositions());
  });

  it('keeps the old rule true for an unrestricted token: its empty page is at the head, and no earlier page is empty', async () => {
    const head = (await store.headPosition()).toString();
    const page = (await subject.as('consumer').get(`/feed?after=${head}`).expect(200)).body as PageBody;
    expect(page).toEqual({ events: [], nextAfter: head, headPosition: head, reachedHead: true });
    const full = (await subject.as('consumer').get('/feed?after=0&limit=3').expect(200)).body as PageBody;
    expect(full).toMatchObject({ nextAfter: '3', reachedHead: false });
    expect(full.events.map((event) => event.position)).toEqual(['1', '2', '3']);
  });

  it('stops a scan at its bound: the page answers what it found, possibly nothing, and says it is not at the head', async () => {
    const expected = await shanxiPositions();
    const settings = subject.app.get(FeedSettings);
    const bound = settings.maxScannedEvents;
    settings.maxScannedEvents = 5;
    try {
      const [firstShanxi] = expected;
      const start = BigInt(firstShanxi!);
      const shanxi = subject.as('consumer', { regions: ['shanxi'] });
      // The Shanxi policy is followed by a run of 12 Heze persons: five of them are scanned, none shown.
      const empty = (await shanxi.get(`/feed?after=${start}&limit=2`).expect(200)).body as PageBody;
      expect(empty).toMatchObject({ events: [], nextAfter: (start + 5n).toString(), reachedHead: false });
      const { positions } = await follow(2, (page) => page.reachedHead);
      expect(positions).toEqual(expected);
    } finally {
      settings.maxScannedEvents = bound;
    }
  });

  describe('cursors beyond a signed 64-bit integer', () => {
    const RULE = 'must be a global position: an integer from 0 to 9223372036854775807';
    const OVERSIZED = ['9223372036854775808', '18446744073709551615', '99999999999999999999', '123456789012345678901234567890'];

    it.each(OVERSIZED.flatMap((position) => [`/feed?after=${position}`, `/audit/checkpoints?after=${position}`, `/claims/c-none?minPosition=${position}`]))(
      '400 naming the parameter for %s, and nothing is appended',
      async (path) => {
        const head = await store.headPosition();
        const response = await subject.http.get(path).expect(400);
        const name = path.includes('minPosition') ? 'minPosition' : 'after';
        expect(response.body.message).toEqual([`${name}: ${RULE}`]);
        expect(await store.headPosition()).toBe(head);
      },
    );

    it.each(OVERSIZED)('400 naming Last-Event-ID %s before a stream starts', async (position) => {
      const head = await store.headPosition();
      const response = await subject.http.get('/feed/stream').set('Last-Event-ID', position).expect(400);
      expect(response.headers['content-type']).toContain('application/json');
      expect(response.body.message).toEqual([`Last-Event-ID: ${RULE}`]);
      expect(await store.headPosition()).toBe(head);
    });

    it('400 for an oversized stream `after`, too', async () => {
      const response = await subject.http.get('/feed/stream?after=99999999999999999999').expect(400);
      expect(response.body.message).toEqual([`after: ${RULE}`]);
    });

    it('answers the largest position as beyond the head: an empty page that reached it', async () => {
      const head = (await store.headPosition()).toString();
      const page = (await subject.http.get('/feed?after=9223372036854775807').expect(200)).body as PageBody;
      expect(page).toEqual({ events: [], nextAfter: '9223372036854775807', headPosition: head, reachedHead: true });
      await subject.http.get('/audit/checkpoints?after=9223372036854775807').expect(200);
    });

    it('opens a stream at the largest position without an error', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const url = `${subject.baseUrl}/feed/stream`;
        const request = httpGet(url, { headers: { Authorization: `Bearer ${subject.tokenFor('consumer')}`, 'Last-Event-ID': '9223372036854775807' } }, (response) => {
          resolve(response.statusCode ?? 0);
          request.destroy();
        });
        request.on('error', reject);
      });
      expect(status).toBe(200);
    });
  });
});
