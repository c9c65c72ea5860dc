import fc from 'fast-check';
import Decimal from 'decimal.js';
import type { PolicyPack } from '../../../src/domain/policy/policy-pack';
import { packWith } from '../../policy-packs/minimal-pack.fixture';
import { claim, costs, publish, settleYear } from './fixtures/builders';

/**
 * Per-disease outpatient terms (issue 14), for any sequence of outpatient claims with a listed code, an
 * unlisted code or none: each disease's basic payouts stay within its annual limit and equal what the
 * accumulators say it used; its deductible is consumed at most once a year; the shared outpatient
 * deductible moves only with claims outside the disease terms; basic never exceeds the policy scope.
 */

const pack: PolicyPack = packWith((d) => {
  d.basic.diseases = {
    assumed: true,
    note: 'property-test table',
    kinds: ['OUTPATIENT_CHRONIC'],
    list: [
      { codes: ['M03900', 'I10'], name: '高血压病', deductible: '0.00', ratio: '0.50', annualCap: '600.00' },
      { codes: ['M01600', 'E11'], name: '糖尿病', deductible: '300.00', ratio: '0.60', annualCap: '2000.00' },
      { codes: ['N18'], name: '慢性肾脏病', deductible: '1000.00', ratio: '0.80', annualCap: null },
    ],
  };
});
const published = publish(pack);
const KEY_OF: Readonly<Record<string, string>> = { M03900: 'M03900', I10: 'M03900', M01600: 'M01600', 'E11.900': 'M01600', 'N18.500': 'N18' };
const CAP_OF: Readonly<Record<string, string | null>> = { M03900: '600.00', M01600: '2000.00', N18: null };
const DEDUCTIBLE_OF: Readonly<Record<string, string>> = { M03900: '0.00', M01600: '300.00', N18: '1000.00' };
const CODES = [...Object.keys(KEY_OF), 'J44.900', undefined] as const;
/** The minimal pack's general outpatient deductible. */
const GENERAL_DEDUCTIBLE = new Decimal('500.00');
const CLAIMS_MAX = 12;
const RUNS = 200;

const outpatientClaim = fc.record({
  code: fc.constantFrom(...CODES),
  fen: fc.integer({ min: 0, max: 500_000 }),
  kind: fc.constantFrom('OUTPATIENT_CHRONIC' as const, 'HIGH_VALUE_DRUG' as const),
});

describe('per-disease outpatient terms (property)', () => {
  it('keep every disease within its limit and its own deductible, and leave the shared deductible to the others', () => {
    fc.assert(
      fc.property(fc.array(outpatientClaim, { minLength: 1, maxLength: CLAIMS_MAX }), (drafts) => {
        const claims = drafts.map((draft, index) => {
          const day = `2024-${String(1 + (index % 12)).padStart(2, '0')}-15`;
          const total = `${Math.floor(draft.fen / 100)}.${String(draft.fen % 100).padStart(2, '0')}`;
          return claim({ kind: draft.kind, costs: costs(total), admissionDate: day, dischargeDate: day, ...(draft.code ? { diseaseCode: draft.code } : {}) });
        });
        const { settlements, accumulators } = settleYear(published, claims.map((submitted) => ({ claim: submitted, held: [] })));
        const paidByDisease = new Map<string, Decimal>();
        let generalClaims = 0;
        settlements.forEach((settlement, index) => {
          const submitted = claims[index]!;
          expect(new Decimal(settlement.payouts.basic).lessThanOrEqualTo(settlement.policyScope)).toBe(true);
          const key = submitted.kind === 'OUTPATIENT_CHRONIC' && submitted.diseaseCode ? KEY_OF[submitted.diseaseCode] : undefined;
          if (key === undefined) generalClaims += 1;
          else paidByDisease.set(key, (paidByDisease.get(key) ?? new Decimal(0)).plus(settlement.payouts.basic));
        });
        for (const [key, paid] of paidByDisease) {
          const used = accumulators.diseases?.[key];
          expect(used?.paid).toBe(paid.toFixed(2));
          const cap = CAP_OF[key];
          if (cap !== null && cap !== undefined) expect(paid.lessThanOrEqualTo(cap)).toBe(true);
          expect(new Decimal(used!.deductibleConsumed).lessThanOrEqualTo(DEDUCTIBLE_OF[key]!)).toBe(true);
        }
        expect(Object.keys(accumulators.diseases ?? {}).sort()).toEqual([...paidByDisease.keys()].sort());
        const shared = new Decimal(accumulators.outpatientDeductibleConsumed);
        expect(shared.lessThanOrEqualTo(GENERAL_DEDUCTIBLE)).toBe(true);
        if (generalClaims === 0) expect(shared.isZero()).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
