import { describe, expect, it } from 'vitest';
import { formatAmount, formatRatio, fromFen, signOf, subtractAmount, sumAmounts, toFen } from './money';

describe('money', () => {
  it('sums in fen, so 0.10 + 0.20 is exactly 0.30', () => expect(sumAmounts(['0.10', '0.20'])).toBe('0.30'));

  it('round-trips negative amounts and single-digit fractions', () => {
    expect(fromFen(toFen('-12.5'))).toBe('-12.50');
    expect(subtractAmount('100.00', '250.75')).toBe('-150.75');
  });

  it('refuses text that is not an amount rather than plotting NaN', () => expect(() => toFen('12,00')).toThrow(RangeError));

  it('groups thousands and marks signs for deltas', () => {
    expect(formatAmount('1234567.50')).toBe('1,234,567.50');
    expect(formatAmount('-1200.00')).toBe('−1,200.00');
    expect(formatAmount('35.00', { signed: true })).toBe('+35.00');
    expect(formatAmount('0.00', { signed: true })).toBe('0.00');
    expect(signOf('-0.01')).toBe(-1);
  });

  it('reads ratios as percentages', () => {
    expect(formatRatio('0.70')).toBe('70%');
    expect(formatRatio('0.655')).toBe('65.5%');
    expect(formatRatio('1')).toBe('100%');
    expect(formatRatio('n/a')).toBe('n/a');
  });
});
