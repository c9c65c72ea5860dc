import fc from 'fast-check';
import {
  decideBenefitYear,
  evolveBenefitYear,
  initialBenefitYear,
  type BenefitYear,
  type BenefitYearEvent,
  type ClaimContext,
} from '../../../src/domain/benefit-year/benefit-year.decider';
import { D, formatYuan } from '../../../src/domain/money';
import type { PublishedPack } from '../../../src/domain/policy/policy-pack';
import type { Claim, Payouts } from '../../../src/domain/policy/settlement.types';
import { TIERS, type Category } from '../../../src/domain/vocabulary';
import { loadSeedPacks, validatePackObject } from '../../../src/policy-packs/load-pack';

/**
 * Issue 6, the ledger's promise after any correction: for every claim, what was paid live plus every
 * delta recorded since equals a fresh settlement of the same claims, in the same order, under the
 * corrected policy and identities, to the fen. Corrections are chained, so deltas must add up too.
 */
const heze = loadSeedPacks().find((pack) => pack.ref.region === 'heze')!;
/** A pack as plain JSON, to be edited and validated again, as an operator edits a YAML file. */
type EditablePack = Record<string, any>;

/** A correction of the Heze pack: other assistance ratios and caps, another tilted first segment. */
const corrected = (revision: string, subsistenceRatio: string, subsistenceCap: string, tiltRatio: string): PublishedPack => {
  const pack = JSON.parse(JSON.stringify(heze.pack)) as EditablePack;
  pack.revision = revision;
  pack.corrects = heze.ref.revision;
  pack.assistance.categories.SUBSISTENCE.ratio = subsistenceRatio;
  pack.assistance.categories.SUBSISTENCE.annualCap = subsistenceCap;
  pack.critical.tilted.schedule.segments[0].ratio = tiltRatio;
  return validatePackObject(pack, `property:${revision}`);
};

const amount = fc.integer({ min: 0, max: 30_000_000 }).map((fen) => formatYuan(new D(fen).dividedBy(100)));
const claimArbitrary = fc.record({
  total: amount,
  outOfCatalog: fc.integer({ min: 0, max: 20 }),
  kind: fc.constantFrom('INPATIENT' as const, 'OUTPATIENT_CHRONIC' as const),
  month: fc.integer({ min: 5, max: 12 }),
  categories: fc.subarray(['DESTITUTE', 'SUBSISTENCE', 'RETURNED_TO_POVERTY', 'MARGINAL'] as Category[], { maxLength: 2 }),
});
const correctionArbitrary = fc.record({
  ratio: fc.constantFrom('0.50', '0.60', '0.70', '0.80', '0.90'),
  cap: fc.constantFrom('5000', '20000', '70000', '100000'),
  tilt: fc.constantFrom('0.55', '0.65', '0.75', '0.85'),
  categories: fc.array(fc.subarray(['DESTITUTE', 'SUBSISTENCE', 'RETURNED_TO_POVERTY', 'MARGINAL', 'EDGE'] as Category[], { maxLength: 2 }), { minLength: 12, maxLength: 12 }),
});

const toClaim = (index: number, generated: fc.Arbitrary<unknown> extends never ? never : { total: string; outOfCatalog: number; kind: Claim['kind']; month: number }): Claim => {
  const date = `2023-${String(generated.month).padStart(2, '0')}-15`;
  const outOfCatalog = formatYuan(new D(generated.total).times(generated.outOfCatalog).dividedBy(100).toDecimalPlaces(2, D.ROUND_DOWN));
  return {
    claimId: `c${index}`,
    personId: 'p1',
    scheme: 'RESIDENT',
    kind: generated.kind,
    admissionDate: date,
    dischargeDate: date,
    hospitalLevel: 'SECONDARY',
    location: 'IN_COUNTY',
    referred: false,
    relocationFiled: false,
    costs: { total: generated.total, outOfCatalog, categoryBSelfPay: '0.00', overStandard: '0.00', outOfAreaFirstSelfPay: '0.00' },
  };
};

const apply = (state: BenefitYear, events: BenefitYearEvent[]): BenefitYear => events.reduce(evolveBenefitYear, state);

const addPayouts = (left: Payouts, right: Payouts): Payouts =>
  Object.fromEntries(TIERS.map((tier) => [tier, formatYuan(new D(left[tier]).plus(right[tier]))])) as unknown as Payouts;

describe('reassessment (property)', () => {
  it('live settlements plus all deltas equal a fresh settlement under the corrected policy, to the fen', () => {
    fc.assert(
      fc.property(fc.array(claimArbitrary, { minLength: 1, maxLength: 8 }), fc.array(correctionArbitrary, { minLength: 1, maxLength: 3 }), (generated, corrections) => {
        const claims = generated.map((entry, index) => toClaim(index, entry));
        // Live: each claim settled in recorded order under the original pack and the categories first known.
        let live = initialBenefitYear();
        const paid = new Map<string, Payouts>();
        claims.forEach((claim, index) => {
          const context: ClaimContext = { policy: heze, heldCategories: generated[index].categories };
          const events = decideBenefitYear({ type: 'SubmitClaim', data: { claim, claimHash: claim.claimId, context, enrollment: { scheme: 'RESIDENT' } } }, live);
          live = apply(live, events);
          const settled = events.find((event) => event.type === 'ClaimSettled')!;
          paid.set(claim.claimId, settled.data.payouts as Payouts);
        });
        // Corrections: each changes the pack and the categories known for every claim, and records deltas.
        let lastContexts: Record<string, ClaimContext> = {};
        corrections.forEach((correction, round) => {
          const policy = corrected(`2022-05-01-r${round + 1}`, correction.ratio, correction.cap, correction.tilt);
          lastContexts = Object.fromEntries(claims.map((claim, index) => [claim.claimId, { policy, heldCategories: correction.categories[index] }]));
          const events = decideBenefitYear({ type: 'Reassess', data: { correctionId: `k${round}`, reason: 'property', contexts: lastContexts } }, live);
          live = apply(live, events);
          for (const event of events) {
            if (event.type === 'ClaimReassessed') paid.set(event.data.claimId, addPayouts(paid.get(event.data.claimId)!, event.data.delta));
          }
        });
        // Fresh: the same claims, same order, settled once under the last correction.
        let fresh = initialBenefitYear();
        for (const claim of claims) {
          const events = decideBenefitYear({ type: 'SubmitClaim', data: { claim, claimHash: claim.claimId, context: lastContexts[claim.claimId], enrollment: { scheme: 'RESIDENT' } } }, fresh);
          fresh = apply(fresh, events);
        }
        for (const recorded of fresh.claims) expect(paid.get(recorded.claim.claimId)).toEqual(recorded.payouts);
        expect(live.accumulators).toEqual(fresh.accumulators);
        // Idempotent: the same correction again records nothing.
        expect(decideBenefitYear({ type: 'Reassess', data: { correctionId: 'again', reason: 'rerun', contexts: lastContexts } }, live)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
