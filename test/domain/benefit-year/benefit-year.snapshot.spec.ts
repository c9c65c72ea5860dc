import fc from 'fast-check';
import { decideBenefitYear, evolveBenefitYear, initialBenefitYear, type BenefitYear, type BenefitYearEvent } from '../../../src/domain/benefit-year/benefit-year.decider';
import { benefitYearSnapshot } from '../../../src/domain/benefit-year/benefit-year.snapshot';
import type { Category } from '../../../src/domain/vocabulary';
import { loadSeedPacks } from '../../../src/policy-packs/load-pack';
import { claimArbitrary, corrected, heze, toClaim } from '../../support/heze-property-claims';

const fumeng2023 = loadSeedPacks().find((pack) => pack.ref.region === 'fumeng' && pack.ref.revision === '2023-01-01')!;

/** A state as a snapshot store gives it back: encoded, written as JSON text, parsed and decoded. */
const throughSnapshot = (year: BenefitYear): BenefitYear => benefitYearSnapshot.decode(JSON.parse(JSON.stringify(benefitYearSnapshot.encode(year))));

/** The events of a person-year: its claims settled under Heze's pack, then one correction reassessing them. */
const eventsOf = (generated: ReadonlyArray<fc.Arbitrary<unknown> extends never ? never : Parameters<typeof toClaim>[1] & { categories: Category[] }>): BenefitYearEvent[] => {
  const events: BenefitYearEvent[] = [];
  let year = initialBenefitYear();
  const record = (recorded: BenefitYearEvent[]) => {
    events.push(...recorded);
    year = recorded.reduce(evolveBenefitYear, year);
  };
  const claims = generated.map((entry, index) => toClaim(index, entry));
  claims.forEach((claim, index) =>
    record(decideBenefitYear({ type: 'SubmitClaim', data: { claim, claimHash: claim.claimId, context: { policy: heze, heldCategories: generated[index]!.categories }, enrollment: { scheme: 'RESIDENT' } } }, year)),
  );
  const policy = corrected('2022-05-01-r1', '0.90', '100000', '0.85');
  const contexts = Object.fromEntries(claims.map((claim) => [claim.claimId, { policy, heldCategories: ['SUBSISTENCE' as Category] }]));
  record(decideBenefitYear({ type: 'Reassess', data: { correctionId: 'k1', reason: 'property', contexts } }, year));
  return events;
};

// Issue 13, limit 5: a reassessment thread starts a person-year from its kept state, so the kept
// state must be the state, and must go on folding exactly as the state does.
describe('a person-year kept as a snapshot (property)', () => {
  it('decodes to the state it encodes, at every revision, and folds the later events to the same state', () => {
    fc.assert(
      fc.property(fc.array(claimArbitrary, { minLength: 1, maxLength: 6 }), (generated) => {
        const events = eventsOf(generated);
        const whole = events.reduce(evolveBenefitYear, initialBenefitYear());
        for (let cut = 0; cut <= events.length; cut += 1) {
          const kept = throughSnapshot(events.slice(0, cut).reduce(evolveBenefitYear, initialBenefitYear()));
          expect(events.slice(cut).reduce(evolveBenefitYear, kept)).toEqual(whole);
        }
      }),
      { numRuns: 60 },
    );
  });

  // Fumeng §二(三)1: a burden above 5000 raises the 因病返贫 alert; the open alerts (a Map) are kept too.
  it('keeps the open alerts', () => {
    const claim = { ...toClaim(0, { total: '50000.00', outOfCatalog: 0, kind: 'INPATIENT', month: 6 }), adjudicated: { basic: '20000.00', critical: '0.00' } };
    const events = decideBenefitYear({ type: 'SubmitClaim', data: { claim, claimHash: 'h', context: { policy: fumeng2023, heldCategories: ['SUBSISTENCE'] }, enrollment: { scheme: 'RESIDENT' } } }, initialBenefitYear());
    const year = events.reduce(evolveBenefitYear, initialBenefitYear());
    expect(year.openAlerts.size).toBe(1);
    expect(throughSnapshot(year)).toEqual(year);
  });

  it('names the fields it was written for, so that a change to the state changes its format', () => {
    // When this fails, the state's shape changed: change `benefitYearSnapshot.format`, then these lists.
    const year = eventsOf([{ total: '90000.00', outOfCatalog: 5, kind: 'INPATIENT', month: 6, categories: ['SUBSISTENCE'] }]).reduce(evolveBenefitYear, initialBenefitYear());
    expect(benefitYearSnapshot.format).toBe('benefit-year/1');
    expect(Object.keys(year).sort()).toEqual(['accumulators', 'claims', 'openAlerts']);
    expect(Object.keys(year.claims[0]!).sort()).toEqual(
      ['accumulatorsAfter', 'appliedCategory', 'claim', 'claimHash', 'heldCategories', 'outOfPocket', 'payouts', 'policy', 'policyScope', 'referenceDate', 'sequence'],
    );
  });
});
