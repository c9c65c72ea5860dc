import { MAX_TRACKED_CALLERS, SlidingWindowStorage, type RateRecord } from '../../src/api/auth/sliding-window.storage';

const MINUTE_MS = 60_000;

/** A storage on a clock the test moves, and the hits of one caller at a limit of 5 a minute. */
const subject = () => {
  let now = 1_000_000;
  const storage = new SlidingWindowStorage(() => now);
  return {
    storage,
    at: (ms: number) => void (now = 1_000_000 + ms),
    hit: (caller = 'principal:token:a', limit = 5): Promise<RateRecord> => storage.increment(caller, MINUTE_MS, limit, MINUTE_MS, 'default'),
    hits: async (count: number, caller = 'principal:token:a'): Promise<RateRecord[]> => {
      const records: RateRecord[] = [];
      for (let hit = 0; hit < count; hit += 1) records.push(await storage.increment(caller, MINUTE_MS, 5, MINUTE_MS, 'default'));
      return records;
    },
  };
};

describe('SlidingWindowStorage (the rate limit per principal)', () => {
  it('lets the limit through in a window and blocks the next hit, with the seconds until the block ends', async () => {
    const { hits } = subject();
    const records = await hits(6);
    expect(records.slice(0, 5).map((record) => record.isBlocked)).toEqual([false, false, false, false, false]);
    expect(records.map((record) => record.totalHits).slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(records[5]).toMatchObject({ isBlocked: true, timeToBlockExpire: 60 });
  });

  it('does not count refused hits, and starts from zero when the block ends', async () => {
    const { at, hits, hit } = subject();
    await hits(6);
    at(30_000);
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
    at(60_000);
    const afterBlock = await hits(5);
    expect(afterBlock.every((record) => !record.isBlocked)).toBe(true);
    expect((await hit()).isBlocked).toBe(true);
  });

  it.each([
    // [ms into the next window, hits of the last window still counted, allowed before the block]
    [15_000, 'three quarters of 4 → 3', 2],
    [30_000, 'half of 4 → 2', 3],
    [59_000, 'a sixtieth of 4 → 0.07', 4],
    [120_000, 'none: two windows have passed', 5],
  ])('slides: %i ms into the next window counts %s of the previous window', async (offsetMs, _why, allowed) => {
    const { at, hits } = subject();
    await hits(4);
    at(MINUTE_MS + offsetMs);
    const records = await hits(allowed + 1);
    expect(records.filter((record) => !record.isBlocked)).toHaveLength(allowed);
    expect(records[allowed]?.isBlocked).toBe(true);
  });

  it('keeps callers and throttlers apart', async () => {
    const { storage, hits, hit } = subject();
    await hits(6, 'principal:token:greedy');
    expect((await hit('principal:token:other')).isBlocked).toBe(false);
    expect((await storage.increment('principal:token:greedy', MINUTE_MS, 5, MINUTE_MS, 'another')).isBlocked).toBe(false);
  });

  it('forgets callers idle for two windows, and never tracks more than its bound', async () => {
    const { storage, at, hit } = subject();
    for (let caller = 0; caller < 100; caller += 1) await hit(`address:10.0.0.${caller}`);
    at(2 * MINUTE_MS);
    await hit('address:10.0.1.1');
    expect(storage.trackedCallers).toBe(1);
    for (let caller = 0; caller < MAX_TRACKED_CALLERS + 10; caller += 1) await hit(`address:${caller}`);
    expect(storage.trackedCallers).toBe(MAX_TRACKED_CALLERS);
  });

  it('costs the same per hit whatever the limit: a high limit is not a list of hits to filter', async () => {
    const { storage } = subject();
    for (let hit = 0; hit < 200_000; hit += 1) await storage.increment('principal:token:feeder', MINUTE_MS, 180_000, MINUTE_MS, 'default');
    expect(storage.trackedCallers).toBe(1);
    expect((await storage.increment('principal:token:feeder', MINUTE_MS, 180_000, MINUTE_MS, 'default')).isBlocked).toBe(true);
  });
});
