import fc from 'fast-check';
import Decimal from 'decimal.js';
import { emptyAccumulators, settle } from '../../../src/domain/policy/settlement';
import type { PolicyPack, PublishedPack } from '../../../src/domain/policy/policy-pack';
import type { Accumulators, Claim, Payouts, Settlement } from '../../../src/domain/policy/settlement.types';
import { CATEGORIES, CLAIM_KINDS, HOSPITAL_LEVELS, LOCATIONS, type Category, type ClaimKind, type Tier } from '../../../src/domain/vocabulary';
import { costs, publish } from './fixtures/builders';
import { bozhouPack } from './fixtures/bozhou.pack';
import { fumengPack } from './fixtures/fumeng.pack';
import { guizhouPack } from './fixtures/guizhou.pack';
import { hezePack } from './fixtures/heze.pack';
import { shanxiPack } from './fixtures/shanxi.pack';

/**
 * Contract §2 invariants, for any sequence of claims in any of the five regions: payouts ≥ 0,
 * Σ payouts ≤ P (+ 乙类 where a tier includes it), out of pocket ≥ 0, no annual cap exceeded, same
 * input → same output; and splitting a claim never pays more than the claim of the sum.
 */

/**
 * A variant of Heze for the paths no seed region takes: 乙类先行自付 inside both the critical and the
 * assistance base, episode bases, and re-assistance sharing the assistance cap.
 */
const variantPack: PolicyPack = {
  ...hezePack,
  revision: 'variant',
  critical: { ...hezePack.critical, includeCategoryBSelfPay: true },
  assistance: { ...hezePack.assistance, basis: 'episode', includeCategoryBSelfPay: true },
  reassistance: { ...hezePack.reassistance, basis: 'episode', cap: 'sharedWithAssistance' },
};

const policies: readonly PublishedPack[] = [hezePack, fumengPack, bozhouPack, guizhouPack, shanxiPack, variantPack].map(publish);
const regionOf = (policy: PublishedPack): string => `${policy.ref.region} ${policy.ref.revision}`;
const RUNS = 150;

const yuanText = (fen: number): string => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
const yuan = (text: string): Decimal => new Decimal(text);

/** Dates from June 2023, when all five fixtures are in force and Shanxi's statistic is published. */
const date = fc.record({ month: fc.integer({ min: 6, max: 12 }), day: fc.integer({ min: 1, max: 28 }) }).map(
  ({ month, day }) => `2023-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
);
const fen = (max: number) => fc.oneof(fc.constant(0), fc.integer({ min: 0, max }));
const costParts = fc.record({
  scope: fc.integer({ min: 0, max: 40_000_000 }),
  outOfCatalog: fen(2_000_000),
  categoryBSelfPay: fen(2_000_000),
  overStandard: fen(500_000),
  outOfAreaFirstSelfPay: fen(500_000),
});

type Parts = { scope: number; outOfCatalog: number; categoryBSelfPay: number; overStandard: number; outOfAreaFirstSelfPay: number };

const costsOf = (parts: Parts) =>
  costs(yuanText(parts.scope + parts.outOfCatalog + parts.categoryBSelfPay + parts.overStandard + parts.outOfAreaFirstSelfPay), {
    outOfCatalog: yuanText(parts.outOfCatalog),
    categoryBSelfPay: yuanText(parts.categoryBSelfPay),
    overStandard: yuanText(parts.overStandard),
    outOfAreaFirstSelfPay: yuanText(parts.outOfAreaFirstSelfPay),
  });

let claimNumber = 0;
const claimArbitrary: fc.Arbitrary<Claim> = fc
  .record({
    kind: fc.constantFrom(...CLAIM_KINDS),
    hospitalLevel: fc.constantFrom(...HOSPITAL_LEVELS),
    location: fc.constantFrom(...LOCATIONS),
    referred: fc.boolean(),
    relocationFiled: fc.boolean(),
    bedDays: fc.option(fc.integer({ min: 0, max: 90 }), { freq: 4 }),
    date,
    parts: costParts,
  })
  .map((shape) => {
    claimNumber += 1;
    return {
      claimId: `p-${claimNumber}`,
      personId: 'person-p',
      scheme: 'RESIDENT',
      kind: shape.kind,
      admissionDate: shape.date,
      dischargeDate: shape.date,
      hospitalLevel: shape.hospitalLevel,
      location: shape.location,
      referred: shape.referred,
      relocationFiled: shape.relocationFiled,
      ...(shape.bedDays === null ? {} : { severeMentalDisorder: { bedDays: shape.bedDays } }),
      costs: costsOf(shape.parts),
    };
  });

const heldArbitrary = fc.subarray([...CATEGORIES], { maxLength: 3 });
const yearArbitrary = fc.array(fc.record({ claim: claimArbitrary, held: heldArbitrary }), { minLength: 1, maxLength: 8 });

const runYear = (policy: PublishedPack, steps: ReadonlyArray<{ claim: Claim; held: readonly Category[] }>, start: Accumulators = emptyAccumulators()): Settlement[] => {
  let accumulators = start;
  return steps.map(({ claim, held }) => {
    const settlement = settle({ claim, policy, heldCategories: held, accumulators });
    accumulators = settlement.accumulators.after;
    return settlement;
  });
};

const TIER_NAMES: readonly Tier[] = ['basic', 'critical', 'assistance', 'reassistance'];
const total = (payouts: Payouts): Decimal => TIER_NAMES.reduce((sum, tier) => sum.plus(yuan(payouts[tier])), new Decimal(0));

/** The annual cap of a tier under the applied category, read straight from the fixture (all fixed amounts). */
const capOf = (pack: PolicyPack, tier: Tier, settlement: Settlement): Decimal | null => {
  const category = settlement.appliedCategory;
  const amount = (value: unknown): Decimal | null => (value === null || value === undefined ? null : yuan(value as string));
  switch (tier) {
    case 'basic':
      return amount(pack.basic.annualCap);
    case 'critical': {
      const tilt = pack.critical.tilted;
      const transitional = tilt?.transitional?.some((entry) => entry.category === category && settlement.referenceDate <= entry.until) ?? false;
      const tilted = category !== null && tilt !== undefined && (tilt.categories.includes(category) || transitional);
      if (!tilted) return amount(pack.critical.standard.annualCap);
      return amount(tilt.schedule ? tilt.schedule.annualCap : tilt.derive!.annualCap);
    }
    case 'assistance':
      return category === null ? null : amount(pack.assistance.categories[category]?.annualCap ?? null);
    case 'reassistance': {
      if (category === null) return null;
      const own = pack.reassistance.categories[category]?.annualCap ?? null;
      const shared = pack.reassistance.cap === 'sharedWithAssistance' && pack.assistance.categories[category] !== undefined;
      return amount(shared ? pack.assistance.categories[category]!.annualCap : own);
    }
  }
};

describe('settle: invariants for any sequence of claims (contract §2)', () => {
  it.each(policies.map((policy) => [regionOf(policy), policy] as const))('%s: payouts ≥ 0, Σ ≤ P (+乙类 included), out of pocket ≥ 0, adds up', (_region, policy) => {
    const includesB = policy.pack.critical.includeCategoryBSelfPay || policy.pack.assistance.includeCategoryBSelfPay;
    fc.assert(
      fc.property(yearArbitrary, (steps) => {
        runYear(policy, steps).forEach((settlement, index) => {
          const claimCosts = steps[index]!.claim.costs;
          const bound = yuan(settlement.policyScope).plus(includesB ? yuan(claimCosts.categoryBSelfPay) : 0);
          TIER_NAMES.forEach((tier) => expect(yuan(settlement.payouts[tier]).isNegative()).toBe(false));
          expect(total(settlement.payouts).lessThanOrEqualTo(bound)).toBe(true);
          expect(yuan(settlement.outOfPocket).isNegative()).toBe(false);
          expect(total(settlement.payouts).plus(yuan(settlement.outOfPocket)).equals(yuan(claimCosts.total))).toBe(true);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it.each(policies.map((policy) => [regionOf(policy), policy] as const))('%s: no annual cap is ever exceeded, whatever the order and categories', (_region, policy) => {
    fc.assert(
      fc.property(yearArbitrary, (steps) => {
        runYear(policy, steps).forEach((settlement) => {
          const { before, after } = settlement.accumulators;
          TIER_NAMES.forEach((tier) => {
            const cap = capOf(policy.pack, tier, settlement);
            const paid = yuan(settlement.payouts[tier]);
            if (cap === null || paid.isZero()) return;
            const used = policy.pack.reassistance.cap === 'sharedWithAssistance' && tier !== 'basic' && tier !== 'critical'
              ? yuan(after.paid.assistance).plus(yuan(after.paid.reassistance))
              : yuan(after.paid[tier]);
            expect(used.lessThanOrEqualTo(cap)).toBe(true);
            expect(yuan(before.paid[tier]).lessThan(cap)).toBe(true);
          });
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('gives the same settlements when the same claims are replayed', () => {
    fc.assert(
      fc.property(fc.constantFrom(...policies), yearArbitrary, (policy, steps) => {
        expect(runYear(policy, steps)).toEqual(runYear(policy, steps));
      }),
      { numRuns: RUNS },
    );
  });
});

/**
 * Splitting one claim into two never pays more in total than the claim of the sum, under annual
 * bases. The generator keeps to outpatient kinds, whose deductible is paid once a year: an inpatient
 * deductible is per episode, so a split stay would pay two deductibles and the comparison would mix
 * two different policies. It also keeps one held category (就高不就低 may pick different categories
 * for the two halves, which is the rule, not a split gain), in-county stays and no bed-day quota.
 * Tolerance: each tier of each claim rounds once by at most half a fen, and a rounding moves the
 * later tiers' bases by no more than that, which they pay back at a ratio ≤ 1; with three claims
 * (two halves and the whole) and four tiers that is at most 3 × 4 × 0.005 = 0.06 yuan.
 */
describe('settle: splitting a claim never pays more (annual bases)', () => {
  const TOLERANCE = new Decimal('0.06');
  const outpatient: fc.Arbitrary<ClaimKind> = fc.constantFrom('OUTPATIENT_CHRONIC', 'HIGH_VALUE_DRUG');
  const halves = fc.record({ first: costParts, second: costParts });
  const outpatientClaim = (id: string, kind: ClaimKind, parts: Parts, referred: boolean): Claim => ({
    claimId: id,
    personId: 'person-s',
    scheme: 'RESIDENT',
    kind,
    admissionDate: '2023-07-01',
    dischargeDate: '2023-07-01',
    hospitalLevel: 'SECONDARY',
    location: 'IN_COUNTY',
    referred,
    relocationFiled: false,
    costs: costsOf(parts),
  });
  const sumParts = (a: Parts, b: Parts): Parts => ({
    scope: a.scope + b.scope,
    outOfCatalog: a.outOfCatalog + b.outOfCatalog,
    categoryBSelfPay: a.categoryBSelfPay + b.categoryBSelfPay,
    overStandard: a.overStandard + b.overStandard,
    outOfAreaFirstSelfPay: a.outOfAreaFirstSelfPay + b.outOfAreaFirstSelfPay,
  });

  it('Σ payouts of the two halves ≤ payouts of the whole + rounding tolerance, after any earlier claims', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...policies),
        fc.constantFrom<Category | null>(null, ...CATEGORIES),
        fc.array(fc.record({ kind: outpatient, parts: costParts }), { maxLength: 3 }),
        outpatient,
        halves,
        fc.boolean(),
        (policy, category, prefix, kind, { first, second }, referred) => {
          const held = category === null ? [] : [category];
          const earlier = runYear(policy, prefix.map((entry, index) => ({ claim: outpatientClaim(`pre-${index}`, entry.kind, entry.parts, referred), held })));
          const start = earlier.length === 0 ? emptyAccumulators() : earlier[earlier.length - 1]!.accumulators.after;
          const whole = runYear(policy, [{ claim: outpatientClaim('whole', kind, sumParts(first, second), referred), held }], start);
          const split = runYear(policy, [
            { claim: outpatientClaim('first', kind, first, referred), held },
            { claim: outpatientClaim('second', kind, second, referred), held },
          ], start);
          const wholePaid = total(whole[0]!.payouts);
          const splitPaid = split.reduce((sum, settlement) => sum.plus(total(settlement.payouts)), new Decimal(0));
          expect(splitPaid.minus(wholePaid).lessThanOrEqualTo(TOLERANCE)).toBe(true);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });
});
