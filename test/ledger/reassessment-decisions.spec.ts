import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benefitYearDecider } from '../../src/domain/deciders';
import type { BenefitYear, BenefitYearEvent } from '../../src/domain/benefit-year/benefit-year.decider';
import type { PublishedPack } from '../../src/domain/policy/policy-pack';
import type { Category } from '../../src/domain/vocabulary';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { AggregateStore } from '../../src/ledger/aggregate-store';
import { fixedClock } from '../../src/ledger/clock';
import { ReassessmentDecisions } from '../../src/ledger/decision-threads';
import { PolicyCatalog } from '../../src/ledger/policy-catalog';
import { Ledger } from '../../src/ledger/ledger.service';
import type { ReassessmentReport } from '../../src/ledger/ledger.types';
import { benefitYearStream } from '../../src/ledger/stream-names';
import { loadSeedPacks, validatePackObject } from '../../src/policy-packs/load-pack';

/**
 * A region-wide reassessment takes its decisions on the ledger's thread and on decision threads
 * (issue 13: reassessment on more than one core). Whichever thread decided a person-year, the ledger
 * must record the same events, in the same order, with the same report; a decision that fails on a
 * thread must fail as it would have on the ledger's thread; and a person-year that moved while its
 * decision was taken elsewhere must be decided again, never appended over.
 */

const meta = { actor: 'test' };
const clock = fixedClock('2023-12-31T00:00:00Z');
const PERSONS = 80;
const CLAIMS_PER_PERSON = 3;
const CATEGORIES: ReadonlyArray<Category | null> = ['SUBSISTENCE', 'DESTITUTE', 'MARGINAL', null, 'RETURNED_TO_POVERTY', 'EDGE'];
const fumengPacks = loadSeedPacks().filter((pack) => pack.ref.region === 'fumeng');
const fumeng2023 = fumengPacks.find((pack) => pack.ref.revision === '2023-01-01')!;

/** Fumeng 2023 corrected: the tilted critical-illness ratio 75% → 80% and 低保 assistance 70% → 80%. */
const correction = (): PublishedPack => {
  const pack = structuredClone(fumeng2023.pack) as unknown as Record<string, any>;
  pack.revision = '2023-01-01-corrected';
  pack.corrects = '2023-01-01';
  pack.critical.tilted.schedule.segments[0].ratio = '0.80';
  pack.assistance.categories.SUBSISTENCE.ratio = '0.80';
  return validatePackObject(pack, 'test:fumeng-correction');
};

const claimOf = (person: number, claim: number) => ({
  claimId: `c${person}-${claim}`,
  personId: `p${person}`,
  kind: claim === 2 ? ('OUTPATIENT_CHRONIC' as const) : ('INPATIENT' as const),
  admissionDate: `2023-0${3 + claim * 2}-02`,
  dischargeDate: `2023-0${3 + claim * 2}-12`,
  hospitalLevel: 'SECONDARY' as const,
  location: 'IN_COUNTY' as const,
  costs: { total: `${6000 + ((person * 7919 + claim * 104_729) % 60_000)}.00` },
});

const recordPopulation = async (ledger: Ledger): Promise<void> => {
  for (let person = 0; person < PERSONS; person++) {
    const personId = `p${person}`;
    const category = CATEGORIES[person % CATEGORIES.length];
    await ledger.registerPerson({ personId, region: 'fumeng', scheme: 'RESIDENT' }, meta);
    if (category) await ledger.recognizeIdentity({ personId, category, validFrom: '2022-06-01', source: { department: 'CIVIL_AFFAIRS', document: 'roster 2022-06' } }, meta);
    await ledger.enrollPerson({ personId, year: 2023, contribution: '380.00', enrolledOn: '2022-12-01' }, meta);
    for (let claim = 0; claim < CLAIMS_PER_PERSON; claim++) await ledger.submitClaim(claimOf(person, claim), meta);
  }
};

const copyStore = (from: string): string => {
  const to = mkdtempSync(join(tmpdir(), 'decisions-copy-'));
  for (const file of readdirSync(from)) copyFileSync(join(from, file), join(to, file));
  return to;
};

/** Publishes the correction on a copy of the recorded population and reassesses Fumeng 2023 with `threads` decision threads. */
const reassessOnCopy = async (recorded: string, threads: number, dryRun: boolean): Promise<{ report: ReassessmentReport; onThreads: number }> => {
  const dir = copyStore(recorded);
  const store = new SqliteEventStore(dir);
  const ledger = await Ledger.open(store, { clock, decisionThreads: { threads, store: { dataDir: dir } } });
  try {
    await ledger.decisionThreads.ready();
    await ledger.publishPolicy({ policy: correction(), reason: 'tilted ratio corrected', document: 'test' }, meta);
    const scope = { region: 'fumeng', from: '2023-01-01', to: '2023-12-31' };
    const report = await ledger.reassess({ scope, reason: 'correction', correctionId: 'fumeng-2023-corrected', dryRun }, meta);
    return { report, onThreads: ledger.decisionThreads.counts().onThreads };
  } finally {
    await ledger.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

const yearOf = async (store: SqliteEventStore, personId: string): Promise<{ state: BenefitYear; revision: bigint }> =>
  new AggregateStore(store, clock).load(benefitYearStream(personId, 2023), benefitYearDecider);

describe('reassessment decisions on more than one thread', () => {
  let recorded: string;

  beforeAll(async () => {
    recorded = mkdtempSync(join(tmpdir(), 'decisions-'));
    const store = new SqliteEventStore(recorded);
    const ledger = await Ledger.open(store, { clock, seedPacks: fumengPacks });
    await recordPopulation(ledger);
    await ledger.close();
    await store.close();
  }, 120_000);
  afterAll(() => rmSync(recorded, { recursive: true, force: true }));

  it.each([
    ['the real run', false],
    ['the dry run', true],
  ])('%s records the same events and report whether a thread or the ledger decided', async (_name, dryRun) => {
    const here = await reassessOnCopy(recorded, 0, dryRun);
    const threaded = await reassessOnCopy(recorded, 1, dryRun);
    expect(here.onThreads).toBe(0);
    // Given a decision thread that has started, when the region is reassessed, then it takes part of the wave…
    expect(threaded.onThreads).toBeGreaterThan(0);
    // …and the ledger records exactly what it records alone: same changes, same deltas, same event ids and positions.
    expect(threaded.report).toEqual(here.report);
    expect(here.report.personYears).toBe(PERSONS);
    expect(here.report.claimsAffected).toBeGreaterThan(0);
  }, 120_000);

  it('fails on the caller’s thread, with the same error, a person-year that failed on a thread', async () => {
    const dir = copyStore(recorded);
    const store = new SqliteEventStore(dir);
    const decisions = new ReassessmentDecisions({ threads: 1, store: { dataDir: dir } });
    try {
      await decisions.ready();
      const reads = { aggregates: new AggregateStore(store, clock), catalog: new PolicyCatalog(store) };
      await reads.catalog.refresh();
      // The first batch of a wave goes to a ready thread; its first person-year belongs to nobody
      // registered, which the ledger refuses, and the rest of the wave is sound.
      const wave = [{ personId: 'nobody', year: 2023 }, ...Array.from({ length: PERSONS }, (_, person) => ({ personId: `p${person}`, year: 2023 }))];
      await expect(decisions.decideWave(reads, wave, 'x', 'x')).rejects.toThrow(/person nobody is not registered/);
      expect(decisions.counts().onThreads).toBeGreaterThan(0);
    } finally {
      await decisions.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('appends nothing decided against a person-year that has moved since, so that it is decided again', async () => {
    const dir = copyStore(recorded);
    const store = new SqliteEventStore(dir);
    const ledger = await Ledger.open(store, { clock });
    try {
      const aggregates = new AggregateStore(store, clock);
      const stream = benefitYearStream('p2', 2023);
      const before = await aggregates.load(stream, benefitYearDecider);
      // Given a decision taken against the year as loaded, when a claim arrives before it is appended…
      await ledger.submitClaim({ ...claimOf(2, 9), admissionDate: '2023-11-02', dischargeDate: '2023-11-12' }, meta);
      const head = await store.headPosition();
      const withdrawn = { type: 'HighCostAlertWithdrawn', data: { personId: 'p2', year: 2023, rule: 'stale' } } as unknown as BenefitYearEvent;
      const stale = await aggregates.appendDecided(stream, benefitYearDecider, before.revision, [withdrawn], meta, 'reassess:stale');
      // …then nothing is appended against the stale revision, and the caller is told to decide again.
      expect(stale).toBeNull();
      expect(await store.headPosition()).toBe(head);
    } finally {
      await ledger.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
