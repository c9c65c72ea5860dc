import { PAGED_READ_EVENTS_MAX, pagesMax, pagesOfAll, pagesOfStream } from '../../src/event-store/paging';
import { InMemoryEventStore } from '../support/in-memory-event-store';

const event = (type: string, index: number) => ({
  type,
  data: { index },
  metadata: { eventId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, schemaVersion: 1, correlationId: 'c', causationId: 'c', actor: 'test', recordedAt: '2023-01-01T00:00:00Z' },
});

const collect = async (pages: AsyncGenerator<Array<{ data: unknown }>>): Promise<number[][]> => {
  const seen: number[][] = [];
  for await (const page of pages) seen.push(page.map((recorded) => (recorded.data as { index: number }).index));
  return seen;
};

describe('paged reads over the store port', () => {
  let store: InMemoryEventStore;

  beforeEach(async () => {
    store = new InMemoryEventStore();
    // Five events in stream a (types A, B, A, B, A), then two in stream b.
    await store.appendToStream('a', [0, 1, 2, 3, 4].map((index) => event(index % 2 === 0 ? 'A' : 'B', index)), 'noStream');
    await store.appendToStream('b', [5, 6].map((index) => event('A', index)), 'noStream');
  });
  afterEach(() => store.close());

  it('walks $all in global order, in pages of at most pageSize, ending after a short page', async () => {
    expect(await collect(pagesOfAll(store, { after: 0n, pageSize: 3 }))).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('applies the filter, starts after the given position and stops at `until`', async () => {
    expect(await collect(pagesOfAll(store, { after: 0n, pageSize: 2, filter: { eventTypes: ['A'] } }))).toEqual([[0, 2], [4, 5], [6]]);
    expect(await collect(pagesOfAll(store, { after: 2n, pageSize: 2 }))).toEqual([[2, 3], [4, 5], [6]]);
    expect(await collect(pagesOfAll(store, { after: 0n, pageSize: 2, until: 4n }))).toEqual([[0, 1], [2, 3]]);
  });

  it('walks one stream forwards from a revision', async () => {
    expect(await collect(pagesOfStream(store, 'a', { pageSize: 2 }))).toEqual([[0, 1], [2, 3], [4]]);
    expect(await collect(pagesOfStream(store, 'a', { from: 3n, pageSize: 2 }))).toEqual([[3, 4]]);
    expect(await collect(pagesOfStream(store, 'missing', { pageSize: 2 }))).toEqual([]);
  });

  it('bounds every walk by PAGED_READ_EVENTS_MAX, counted in pages of the walk', () => {
    expect(pagesMax(512) * 512).toBeGreaterThanOrEqual(PAGED_READ_EVENTS_MAX);
    expect((pagesMax(512) - 1) * 512).toBeLessThan(PAGED_READ_EVENTS_MAX);
    expect(() => pagesMax(0)).toThrow(RangeError);
  });
});
