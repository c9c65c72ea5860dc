import { BoundedCache } from '../../src/ledger/bounded-cache';

describe('BoundedCache', () => {
  it('counts hits and misses, evicts the least recently used entry past its bound, and resets its counts', () => {
    // Given a cache of two entries holding a and b, with a read last
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    // When c arrives, b (least recently used) leaves
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('c')).toBe(3);
    // Then two hits (a, c) and one miss (b) were counted
    expect(cache.stats()).toEqual({ hits: 2, misses: 1, entries: 2, maxEntries: 2 });
    cache.resetStats();
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 0, entries: 2 });
  });
});
