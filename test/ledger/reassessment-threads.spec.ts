import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Category } from '../../src/domain/vocabulary';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { fixedClock } from '../../src/ledger/clock';
import { Ledger } from '../../src/ledger/ledger.service';
import type { ReassessmentReport } from '../../src/ledger/ledger.types';
import { ReassessmentThreads, type ReassessmentThreadsOptions } from '../../src/ledger/reassessment-threads';
import { fumengWithTilt, recordFumengClaimant } from '../support/fumeng-tilt';

const meta = { actor: 'test' };
const clock = fixedClock('2023-12-31T00:00:00Z');
const PERSONS = 48;
const CATEGORIES: ReadonlyArray<Category | null> = ['SUBSISTENCE', null, 'DESTITUTE', 'MARGINAL', null, 'RETURNED_TO_POVERTY'];
const scope = { region: 'fumeng', from: '2023-01-01', to: '2023-12-31' };
const correction = { scope, reason: 'tilt 75%', correctionId: 'fumeng-tilt-75' };

/** A report without what only an append gives (event ids, positions) or the dry-run flag. */
const decisions = (report: ReassessmentReport): unknown => ({
  ...report,
  dryRun: undefined,
  events: report.events.map((event) => ({ ...event, eventId: undefined, position: undefined })),
});

const until = async (condition: () => boolean, timeoutMs = 5_000): Promise<void> => {
  for (const started = Date.now(); !condition(); ) {
    if (Date.now() - started > timeoutMs) throw new Error('the condition did not hold in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

// Issue 13, limit 5: a large region's person-years are decided on worker threads, each with its own
// read-only connection; the event loop appends the few that change, deciding them again itself.
describe('a region-wide reassessment decided on threads', () => {
  let dir: string;
  let store: SqliteEventStore;
  const threadsOver = (options: Partial<ReassessmentThreadsOptions> = {}): ReassessmentThreads =>
    new ReassessmentThreads({ store: { dataDir: dir, readHorizon: store.readHorizon }, threads: 2, minPersonYears: 0, chunkPersonYears: 4, ...options });

  beforeAll(async () => {
    // Given Fumeng persons with a claim each, some of them tilted, and a correction of the tilted ratio
    dir = mkdtempSync(join(tmpdir(), 'reassessment-threads-'));
    store = new SqliteEventStore(dir);
    const writer = await Ledger.open(store, { clock });
    await writer.publishPolicy({ policy: fumengWithTilt('0.70', '2023-01-01') }, meta);
    await Promise.all(
      Array.from({ length: PERSONS }, (_, index) => recordFumengClaimant(writer, index, CATEGORIES[index % CATEGORIES.length], `${20_000 + ((index * 7919) % 70_000)}.00`)),
    );
    await writer.publishPolicy({ policy: fumengWithTilt('0.75', '2023-01-01-r2', '2023-01-01') }, meta);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports what the event loop decides, appends it once, and again appends nothing', async () => {
    const onTheLoop = await Ledger.open(store, { clock });
    const threads = threadsOver();
    const ledger = await Ledger.open(store, { clock, reassessmentThreads: threads });
    try {
      // When the region is reassessed on the threads, dry and then for real
      const expected = await onTheLoop.reassess({ ...correction, dryRun: true }, meta);
      const dry = await ledger.reassess({ ...correction, dryRun: true }, meta);
      const real = await ledger.reassess(correction, meta);

      // Then the threads decided every person-year, and the dry run is the event loop's to the event
      expect(threads.decided()).toBe(2 * PERSONS);
      expect(threads.failedWaves()).toBe(0);
      expect(dry).toEqual(expected);
      // and the real run appended what they decided, some person-years changing and some not
      expect(real.personYearsAffected).toBeGreaterThan(0);
      expect(real.personYearsAffected).toBeLessThan(PERSONS);
      expect(decisions(real)).toEqual(decisions(dry));
      expect(real.events.every((event) => event.eventId !== '' && BigInt(event.position) > 0n)).toBe(true);
      // and a second run finds every person-year as it should be
      expect((await ledger.reassess(correction, meta)).events).toEqual([]);
    } finally {
      await Promise.all([ledger.close(), onTheLoop.close(), threads.close()]);
    }
  });

  it('decides on the event loop when the threads cannot read the store, and says so', async () => {
    // Given threads pointed at a directory without a store: each fails as it opens its connection
    const log = jest.fn();
    const threads = new ReassessmentThreads({ store: { dataDir: join(dir, 'missing') }, threads: 2, minPersonYears: 0, chunkPersonYears: 4, log });
    const ledger = await Ledger.open(store, { clock, reassessmentThreads: threads });
    const onTheLoop = await Ledger.open(store, { clock });
    try {
      // When the region is reassessed (dry: the first test already appended this correction)
      const report = await ledger.reassess({ ...correction, correctionId: 'fumeng-tilt-75-again', dryRun: true }, meta);

      // Then the report is the event loop's, and the log says why the threads did not decide it
      expect(report).toEqual(await onTheLoop.reassess({ ...correction, correctionId: 'fumeng-tilt-75-again', dryRun: true }, meta));
      expect(threads.decided()).toBe(0);
      expect(threads.failedWaves()).toBe(1);
      expect(log).toHaveBeenCalledWith(expect.stringMatching(/^reassessment threads: a wave is decided on the event loop instead/));
    } finally {
      await Promise.all([ledger.close(), onTheLoop.close(), threads.close()]);
    }
  });

  it('stops a thread that does not answer in time, and decides its chunks on the event loop', async () => {
    // Given threads that must answer a chunk within a millisecond: none can, as each first loads its modules
    const log = jest.fn();
    const threads = threadsOver({ chunkTimeoutMs: 1, log });
    const ledger = await Ledger.open(store, { clock, reassessmentThreads: threads });
    const onTheLoop = await Ledger.open(store, { clock });
    try {
      // When the region is reassessed
      const report = await ledger.reassess({ ...correction, dryRun: true }, meta);

      // Then the report is the event loop's, the threads were stopped, and the log says why
      expect(report).toEqual(await onTheLoop.reassess({ ...correction, dryRun: true }, meta));
      await until(() => threads.running() === 0);
      expect(threads.failedWaves()).toBe(1);
      expect(log).toHaveBeenCalledWith(expect.stringMatching(/did not answer within 1 ms and was stopped/));
    } finally {
      await Promise.all([ledger.close(), onTheLoop.close(), threads.close()]);
    }
  });

  it('stops its threads when idle and starts them again for the next run', async () => {
    const threads = threadsOver({ idleStopMs: 20 });
    const ledger = await Ledger.open(store, { clock, reassessmentThreads: threads });
    try {
      // Given a run that started the threads, and then a while with none
      const first = await ledger.reassess({ ...correction, dryRun: true }, meta);
      expect(threads.running()).toBe(2);
      await until(() => threads.running() === 0);

      // When the region is reassessed again, the threads start again and decide it as before
      expect(await ledger.reassess({ ...correction, dryRun: true }, meta)).toEqual(first);
      expect(threads.decided()).toBe(2 * PERSONS);
    } finally {
      await Promise.all([ledger.close(), threads.close()]);
    }
  });

  it('leaves a region smaller than its minimum on the event loop', async () => {
    const threads = threadsOver({ minPersonYears: PERSONS + 1 });
    const ledger = await Ledger.open(store, { clock, reassessmentThreads: threads });
    try {
      await ledger.reassess({ ...correction, dryRun: true }, meta);
      expect(threads.decided()).toBe(0);
    } finally {
      await Promise.all([ledger.close(), threads.close()]);
    }
  });
});
