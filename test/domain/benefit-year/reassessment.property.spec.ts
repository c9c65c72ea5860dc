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
import type { Payouts } from '../../../src/domain/policy/settlement.types';
import { TIERS, type Category } from '../../../src/domain/vocabulary';
import { claimArbitrary, corrected, heze, toClaim } from '../../support/heze-property-claims';

const correctionArbitrary = fc.record({
  ratio: fc.constantFrom('0.50', '0.60', '0.70', '0.80', '0.90'),
  cap: fc.constantFrom('5000', '20000', '70000', '100000'),
  tilt: fc.constantFrom('0.55', '0.65', '0.75', '0.85'),
  categories: fc.array(fc.subarray(['DESTITUTE', 'SUBSISTENCE', 'RETURNED_TO_POVERTY', 'MARGINAL', 'EDGE'] as Category[], { maxLength: 2 }), { minLength: 12, maxLength: 12 }),
});

const apply = (state: BenefitYear, events: BenefitYearEvent[]): BenefitYear => events.reduce(evolveBenefitYear, state);

const addPayouts = (left: Payouts, right: Payouts): Payouts =>
  Object.fromEntries(TIERS.map((tier) => [tier, formatYuan(new D(left[tier]).plus(right[tier]))])) as unknown as Payouts;

/**
 * Issue 6, the ledger's promise after any correction: for every claim, what was paid live plus every
 * delta recorded since equals a fresh settlement of the same claims, in the same order, under the
 * corrected policy and identities, to the fen. Corrections are chained, so deltas must add up too.
 */
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
