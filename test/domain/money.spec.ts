import fc from 'fast-check';
import { D, formatYuan, parseYuan, roundToFenHalfUp } from '../../src/domain/money';

describe('money', () => {
  it('formats whole fen exactly as toFixed(2) would, for any amount', () =>
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }), (fen) => {
        const value = new D(fen.toString()).dividedBy(100);
        expect(formatYuan(value)).toBe(value.isZero() ? '0.00' : value.toFixed(2));
      }),
      { numRuns: 2000 },
    ));

  it('writes zero as 0.00 whatever its sign', () => {
    expect(formatYuan(new D('-0'))).toBe('0.00');
    expect(formatYuan(new D(0))).toBe('0.00');
  });

  it('refuses to format more than two decimals: rounding must be named', () => {
    expect(() => formatYuan(new D('1.005'))).toThrow(/more than two decimals/);
    expect(formatYuan(roundToFenHalfUp(new D('1.005')))).toBe('1.01');
    expect(formatYuan(roundToFenHalfUp(new D('2118.025')))).toBe('2118.03');
  });

  it('parses amounts with at most two decimals and nothing else', () => {
    expect(parseYuan('1234.5').toFixed(2)).toBe('1234.50');
    for (const bad of ['1.234', '1e3', ' 12', '12,00', '', 'NaN']) expect(() => parseYuan(bad)).toThrow(RangeError);
  });
});
