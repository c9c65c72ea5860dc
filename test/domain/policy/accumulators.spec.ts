import { readAccumulators, tallyMatches, writeAccumulators } from '../../../src/domain/policy/accumulators';
import type { Accumulators } from '../../../src/domain/policy/settlement.types';

/**
 * A reassessment decides whether a replayed claim changed by comparing its tally (decimals) with the
 * accumulators its event recorded (text), without writing the tally: `tallyMatches` must say what
 * comparing the written tally with the record would say, amounts compared as numbers.
 */

const recorded: Accumulators = {
  criticalBase: '37875.00',
  assistanceBase: '16506.25',
  reassistanceBase: '4951.87',
  paid: { basic: '112125.00', critical: '21368.75', assistance: '11554.38', reassistance: '0.00' },
  outpatientDeductibleConsumed: '0.00',
  inpatientDeductiblePaid: '500.00',
  burdenTotal: '4951.87',
  burdenPolicyScope: '4951.87',
  claimCount: 1,
  diseases: { M01: { deductibleConsumed: '300.00', paid: '1200.50' } },
};

const AMOUNT_FIELDS = ['criticalBase', 'assistanceBase', 'reassistanceBase', 'outpatientDeductibleConsumed', 'inpatientDeductiblePaid', 'burdenTotal', 'burdenPolicyScope'] as const;
const tally = readAccumulators(recorded);

describe('tallyMatches', () => {
  it('given the accumulators a tally was read from, when compared, then they match, in any key order', () => {
    expect(tallyMatches(tally, recorded)).toBe(true);
    expect(tallyMatches(tally, writeAccumulators(tally))).toBe(true);
    const reversed = Object.fromEntries(Object.entries(recorded).reverse()) as unknown as Accumulators;
    expect(tallyMatches(tally, reversed)).toBe(true);
  });

  it('compares amounts as numbers: text written with other trailing zeros is the same amount', () => {
    expect(tallyMatches(tally, { ...recorded, criticalBase: '37875', burdenTotal: '4951.870' })).toBe(true);
  });

  it.each(AMOUNT_FIELDS)('given %s one fen apart, then they differ', (field) => {
    const moved = (Number(recorded[field]) * 100 + 1) / 100;
    expect(tallyMatches(tally, { ...recorded, [field]: moved.toFixed(2) })).toBe(false);
  });

  it.each(['basic', 'critical', 'assistance', 'reassistance'] as const)('given paid.%s one fen apart, then they differ', (tier) => {
    const moved = ((Number(recorded.paid[tier]) * 100 + 1) / 100).toFixed(2);
    expect(tallyMatches(tally, { ...recorded, paid: { ...recorded.paid, [tier]: moved } })).toBe(false);
  });

  it.each<[string, Accumulators]>([
    ['another claim count', { ...recorded, claimCount: 2 }],
    ['a field the tally does not write', { ...recorded, extra: '0.00' } as unknown as Accumulators],
    ['a tier missing from paid', { ...recorded, paid: { basic: '112125.00', critical: '21368.75', assistance: '11554.38' } } as unknown as Accumulators],
    ['no disease usage', { ...recorded, diseases: undefined }],
    ['another disease', { ...recorded, diseases: { M02: { deductibleConsumed: '300.00', paid: '1200.50' } } }],
    ['a disease paid one fen apart', { ...recorded, diseases: { M01: { deductibleConsumed: '300.00', paid: '1200.51' } } }],
  ])('given %s, then they differ', (_case, written) => expect(tallyMatches(tally, written)).toBe(false));

  it('given a tally with no disease usage, then an empty disease record is a difference, as writing the tally leaves it out', () => {
    const { diseases: _diseases, ...withoutDiseases } = recorded;
    const plain = readAccumulators(withoutDiseases);
    expect(tallyMatches(plain, withoutDiseases)).toBe(true);
    expect(tallyMatches(plain, { ...withoutDiseases, diseases: {} })).toBe(false);
  });
});
