import fc from 'fast-check';
import { formatYuan, parseYuan } from '../../src/domain/money';
import { addAmounts, subtractAmounts, sumOfPayouts, totalOfPayouts } from '../../src/projections/amounts';

/**
 * The projections add and subtract amounts on integer fen; the Decimal arithmetic they replaced is the
 * oracle. Amounts are written every way a two-decimal yuan string may be ("12", "12.5", "12.50",
 * negatives, zero), with magnitudes on both sides of the 13-digit fast path.
 */
const spelled = (fen: bigint, decimals: 0 | 1 | 2): string => {
  const negative = fen < 0n;
  const magnitude = negative ? -fen : fen;
  const whole = (magnitude / 100n).toString();
  const cents = (magnitude % 100n).toString().padStart(2, '0');
  const text = decimals === 2 ? `${whole}.${cents}` : decimals === 1 && cents.endsWith('0') ? `${whole}.${cents[0]}` : cents === '00' ? whole : `${whole}.${cents}`;
  return negative ? `-${text}` : text;
};

/** 15 digits of yuan: the most an amount string may carry. */
const FEN_MAX = 99_999_999_999_999_999n;

const amount = fc
  .tuple(fc.oneof(fc.bigInt({ min: -1_000_000n, max: 1_000_000n }), fc.bigInt({ min: -FEN_MAX, max: FEN_MAX })), fc.constantFrom(0 as const, 1 as const, 2 as const))
  .map(([fen, decimals]) => spelled(fen, decimals));

const byDecimal = (left: string, right: string, sign: 1 | -1): string =>
  formatYuan(sign === 1 ? parseYuan(left).plus(parseYuan(right)) : parseYuan(left).minus(parseYuan(right)));

describe('projection amounts', () => {
  it('adds and subtracts exactly as the Decimal arithmetic does, in every spelling and magnitude', () => {
    fc.assert(
      fc.property(amount, amount, (left, right) => {
        expect(addAmounts(left, right)).toBe(byDecimal(left, right, 1));
        expect(subtractAmounts(left, right)).toBe(byDecimal(left, right, -1));
      }),
      { numRuns: 2_000 },
    );
  });

  it('writes zero without a sign and keeps two decimals', () => {
    expect(addAmounts('-0.05', '0.05')).toBe('0.00');
    expect(subtractAmounts('1', '1.5')).toBe('-0.50');
    expect(addAmounts('9999999999999.99', '0.01')).toBe('10000000000000.00');
  });

  it('still refuses what is not an amount', () => {
    expect(() => addAmounts('1.005', '0')).toThrow(/at most 2 decimals/);
    expect(() => addAmounts('1e3', '0')).toThrow(/at most 2 decimals/);
  });

  it('sums payouts per tier and in total', () => {
    const payouts = (basic: string, critical: string) => ({ basic, critical, assistance: '0.00', reassistance: '0.10' });
    expect(sumOfPayouts([payouts('100.10', '0.95'), payouts('0.90', '1.05')])).toEqual({ basic: '101.00', critical: '2.00', assistance: '0.00', reassistance: '0.20' });
    expect(totalOfPayouts(payouts('100.10', '0.95'))).toBe('101.15');
  });
});
