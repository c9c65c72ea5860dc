import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decideBenefitYear, initialBenefitYear, type BenefitYear, type BenefitYearEvent, type ClaimContext } from '../../../src/domain/benefit-year/benefit-year.decider';
import { benefitYearDecider } from '../../../src/domain/deciders';
import { DomainError } from '../../../src/domain/domain-error';
import type { PolicyPack, PublishedPack } from '../../../src/domain/policy/policy-pack';
import type { Claim } from '../../../src/domain/policy/settlement.types';
import { CATEGORIES, CLAIM_KINDS, HOSPITAL_LEVELS, LOCATIONS, type Category } from '../../../src/domain/vocabulary';
import { loadSeedPacks } from '../../../src/policy-packs/load-pack';
import { canonicalJson } from '../../../src/shared/canonical-json';
import { publish } from './fixtures/builders';
import { hezePack } from './fixtures/heze.pack';

/**
 * Issue 13 item 4: the settlement hot path may be rewritten for speed, but it must pay what it paid
 * before, to the fen, and record the same events. The golden corpus (`fixtures/settlement-golden.json`)
 * was generated from the implementation before that work: random person-years (fast-check, fixed
 * seeds) of every seed revision of every region, plus a variant of Heze for the paths no seed takes,
 * each claim submitted through the benefit-year decider, then the year reassessed with the categories
 * changed (and Heze under its variant). It stores the inputs and, per decision, the amounts (readable) and a hash
 * of the canonical JSON of every event decided (trace, accumulators and all). Regenerate it only from
 * a commit whose amounts are known right: `GOLDEN_WRITE=1 npx jest test/domain/policy/settlement.golden`.
 */

const GOLDEN_FILE = join(__dirname, 'fixtures', 'settlement-golden.json');
/** Person-years per revision: enough to reach caps, thresholds, every category and tier, few enough to keep the corpus small. */
const YEARS_PER_REVISION = 24;
const CLAIMS_PER_YEAR_MAX = 8;
const SEED = 20_231_113;

/** Episode bases, 乙类 in both bases and a shared re-assistance cap: the paths no seed region takes (as the property tests). */
const variantPack: PolicyPack = {
  ...hezePack,
  revision: 'variant',
  critical: { ...hezePack.critical, includeCategoryBSelfPay: true },
  assistance: { ...hezePack.assistance, basis: 'episode', includeCategoryBSelfPay: true },
  reassistance: { ...hezePack.reassistance, basis: 'episode', cap: 'sharedWithAssistance' },
};

const revisions = (): PublishedPack[] => [...loadSeedPacks(), publish(variantPack)];
const nameOf = (policy: PublishedPack): string => `${policy.ref.region} ${policy.ref.revision}`;

interface Step {
  readonly claim: Claim;
  readonly held: readonly Category[];
}

interface Decision {
  /** The refusal's code, or the amounts and a hash of the events decided. */
  readonly refused?: string;
  readonly payouts?: string;
  readonly events?: string;
}

interface GoldenYear {
  readonly revision: string;
  readonly reassessedUnder: string;
  readonly steps: readonly Step[];
  readonly submitted: readonly Decision[];
  readonly reassessed: Decision;
}

const yuanText = (fen: number): string => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
const fen = (max: number): fc.Arbitrary<number> => fc.oneof(fc.constant(0), fc.integer({ min: 0, max }));

const isoDay = (from: string, days: number): string => new Date(Date.parse(`${from}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Claims dated inside the revision's first year in force (the one the corpus settles). */
const yearArbitrary = (policy: PublishedPack): fc.Arbitrary<Step[]> => {
  const from = policy.pack.effectiveFrom;
  const yearEnd = `${from.slice(0, 4)}-12-28`;
  const last = policy.pack.effectiveTo !== null && policy.pack.effectiveTo < yearEnd ? policy.pack.effectiveTo : yearEnd;
  const span = Math.max(0, Math.round((Date.parse(last) - Date.parse(from)) / 86_400_000));
  const claim = fc
    .record({
      kind: fc.constantFrom(...CLAIM_KINDS),
      hospitalLevel: fc.constantFrom(...HOSPITAL_LEVELS),
      location: fc.constantFrom(...LOCATIONS),
      referred: fc.boolean(),
      relocationFiled: fc.boolean(),
      bedDays: fc.option(fc.integer({ min: 0, max: 90 }), { freq: 4 }),
      day: fc.integer({ min: 0, max: span }),
      stay: fc.integer({ min: 0, max: 20 }),
      scope: fc.integer({ min: 0, max: 40_000_000 }),
      outOfCatalog: fen(2_000_000),
      categoryBSelfPay: fen(2_000_000),
      overStandard: fen(500_000),
      outOfAreaFirstSelfPay: fen(500_000),
    })
    .map((shape) => {
      const discharge = isoDay(from, shape.day);
      const admission = isoDay(from, Math.max(0, shape.day - shape.stay));
      const total = shape.scope + shape.outOfCatalog + shape.categoryBSelfPay + shape.overStandard + shape.outOfAreaFirstSelfPay;
      return {
        claimId: '',
        personId: 'person-g',
        scheme: 'RESIDENT' as const,
        kind: shape.kind,
        admissionDate: admission,
        dischargeDate: discharge,
        hospitalLevel: shape.hospitalLevel,
        location: shape.location,
        referred: shape.referred,
        relocationFiled: shape.relocationFiled,
        ...(shape.bedDays === null ? {} : { severeMentalDisorder: { bedDays: shape.bedDays } }),
        costs: {
          total: yuanText(total),
          outOfCatalog: yuanText(shape.outOfCatalog),
          categoryBSelfPay: yuanText(shape.categoryBSelfPay),
          overStandard: yuanText(shape.overStandard),
          outOfAreaFirstSelfPay: yuanText(shape.outOfAreaFirstSelfPay),
        },
      };
    });
  const held = fc.subarray([...CATEGORIES], { maxLength: 3 });
  return fc
    .array(fc.record({ claim, held }), { minLength: 1, maxLength: CLAIMS_PER_YEAR_MAX })
    .map((steps) => steps.map((step, index) => ({ ...step, claim: { ...step.claim, claimId: `g-${index + 1}` } })));
};

const hashOf = (events: readonly BenefitYearEvent[]): string => createHash('sha256').update(canonicalJson(events)).digest('hex');

const payoutsOf = (events: readonly BenefitYearEvent[]): string =>
  events
    .map((event) => (event.type === 'ClaimSettled' ? `${Object.values(event.data.payouts).join(' ')} / ${event.data.outOfPocket}` : event.type === 'ClaimReassessed' ? `${event.data.claimId} Δ ${Object.values(event.data.delta).join(' ')}` : event.type))
    .join('; ');

const decide = (run: () => BenefitYearEvent[]): { decision: Decision; events: BenefitYearEvent[] } => {
  try {
    const events = run();
    return { decision: { payouts: payoutsOf(events), events: hashOf(events) }, events };
  } catch (error) {
    if (error instanceof DomainError) return { decision: { refused: error.code }, events: [] };
    throw error;
  }
};

/** Submits the steps one by one through the decider, then reassesses the year under `reassessUnder`. */
const replay = (policy: PublishedPack, reassessUnder: PublishedPack, steps: readonly Step[]): { submitted: Decision[]; reassessed: Decision } => {
  let year: BenefitYear = initialBenefitYear();
  const submitted: Decision[] = [];
  const contexts: Record<string, ClaimContext> = {};
  for (const { claim, held } of steps) {
    const context: ClaimContext = { policy, heldCategories: held };
    const { decision, events } = decide(() =>
      decideBenefitYear({ type: 'SubmitClaim', data: { claim, claimHash: claim.claimId, context, enrollment: { scheme: 'RESIDENT' } } }, year),
    );
    submitted.push(decision);
    year = events.reduce(benefitYearDecider.evolve, year);
    if (decision.refused === undefined) contexts[claim.claimId] = { policy: reassessUnder, heldCategories: recognizedLater(held) };
  }
  const { decision: reassessed } = decide(() => decideBenefitYear({ type: 'Reassess', data: { correctionId: 'golden', reason: 'golden', contexts } }, year));
  return { submitted, reassessed };
};

/**
 * The categories a reassessment sees: a retroactive recognition of 低保 for a person who held none, a
 * revocation of the first one held otherwise, so most years change and their deltas are recorded.
 */
const recognizedLater = (held: readonly Category[]): Category[] => (held.length === 0 ? ['SUBSISTENCE'] : held.slice(1));

/** Heze is also reassessed under its variant (same dates, other bases), the others under their own revision. */
const otherRevision = (all: readonly PublishedPack[], policy: PublishedPack): PublishedPack =>
  policy.ref.region === 'heze' ? all.find((candidate) => candidate.ref.region === 'heze' && candidate !== policy) ?? policy : policy;

const generate = (): GoldenYear[] => {
  const all = revisions();
  return all.flatMap((policy, index) => {
    const reassessUnder = otherRevision(all, policy);
    return fc.sample(yearArbitrary(policy), { seed: SEED + index, numRuns: YEARS_PER_REVISION }).map((steps) => ({
      revision: nameOf(policy),
      reassessedUnder: nameOf(reassessUnder),
      steps,
      ...replay(policy, reassessUnder, steps),
    }));
  });
};

describe('settlement golden corpus: the amounts and events of today, to the fen', () => {
  if (process.env.GOLDEN_WRITE === '1') {
    it('writes the corpus', () => {
      writeFileSync(GOLDEN_FILE, `${JSON.stringify(generate())}\n`);
      expect(existsSync(GOLDEN_FILE)).toBe(true);
    });
    return;
  }

  const golden = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as GoldenYear[];
  const byName = new Map(revisions().map((policy) => [nameOf(policy), policy]));

  it('covers every seed revision of every region, with settled, refused and reassessed years', () => {
    const names = new Set(golden.map((year) => year.revision));
    for (const policy of loadSeedPacks()) expect(names).toContain(nameOf(policy));
    const decisions = golden.flatMap((year) => year.submitted);
    expect(decisions.filter((decision) => decision.refused === undefined).length).toBeGreaterThan(golden.length);
    expect(golden.filter((year) => (year.reassessed.payouts ?? '').includes(' Δ ')).length).toBeGreaterThan(golden.length / 10);
  });

  it.each([...new Set(golden.map((year) => year.revision))])('%s: every claim settles and reassesses as the corpus recorded', (revision) => {
    for (const year of golden.filter((candidate) => candidate.revision === revision)) {
      const replayed = replay(byName.get(year.revision)!, byName.get(year.reassessedUnder)!, year.steps);
      expect(replayed.submitted).toEqual(year.submitted);
      expect(replayed.reassessed).toEqual(year.reassessed);
    }
  });
});
