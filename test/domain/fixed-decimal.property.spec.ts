import fc from 'fast-check';
import { FixedDecimal, ReferenceDecimal } from '../../src/domain/fixed-decimal';

/**
 * FixedDecimal against decimal.js as the ledger configured it (40 digits, ROUND_HALF_UP): every
 * operation the policy code uses gives the same value and the same text, on the values settlement
 * meets (amounts with two decimals, ratios with up to six, their products and sums) and on values
 * beyond a safe integer or in exponent notation, which take the decimal.js path.
 */

const digits = (max: bigint): fc.Arbitrary<string> => fc.bigInt({ min: -max, max }).map(String);

/** "-12345.678" from integer digits and a scale: how amounts, ratios and exact tier values look. */
const decimalText = (units: string, scale: number): string => {
  const negative = units.startsWith('-');
  const body = (negative ? units.slice(1) : units).padStart(scale + 1, '0');
  const text = scale === 0 ? body : `${body.slice(0, body.length - scale)}.${body.slice(body.length - scale)}`;
  return negative ? `-${text}` : text;
};

const amount = digits(10n ** 13n).map((units) => decimalText(units, 2));
const ratio = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.integer({ min: 0, max: 6 })).map(([units, scale]) => decimalText(String(units), scale));
const exact = fc.tuple(digits(10n ** 15n), fc.integer({ min: 0, max: 10 })).map(([units, scale]) => decimalText(units, scale));
/** Beyond a safe integer, tiny, or in exponent notation: the decimal.js path. */
const unusual = fc.oneof(
  fc.tuple(digits(10n ** 30n), fc.integer({ min: 0, max: 20 })).map(([units, scale]) => decimalText(units, scale)),
  fc.tuple(fc.integer({ min: -99, max: 99 }), fc.integer({ min: -12, max: 25 })).map(([mantissa, exponent]) => `${mantissa}e${exponent}`),
);
const value = fc.oneof({ arbitrary: amount, weight: 4 }, { arbitrary: ratio, weight: 3 }, { arbitrary: exact, weight: 2 }, { arbitrary: unusual, weight: 1 });

const same = (fixed: FixedDecimal, reference: InstanceType<typeof ReferenceDecimal>): void => {
  expect(fixed.toString()).toBe(reference.toString());
  expect(fixed.toFixed()).toBe(reference.toFixed());
  expect(fixed.decimalPlaces()).toBe(reference.decimalPlaces());
  // decimal.js has a negative zero; FixedDecimal does not (a zero is never negative), so only non-zero signs are compared.
  if (!reference.isZero()) expect(fixed.isNegative()).toBe(reference.isNegative());
  expect(fixed.isZero()).toBe(reference.isZero());
};

const RUNS = { numRuns: 3000 };

describe('FixedDecimal gives what decimal.js gives', () => {
  it('reads and writes any value the same', () => fc.assert(fc.property(value, (text) => same(new FixedDecimal(text), new ReferenceDecimal(text))), RUNS));

  it.each([
    ['plus', (a: FixedDecimal, b: string) => a.plus(b), (a: InstanceType<typeof ReferenceDecimal>, b: string) => a.plus(b)],
    ['minus', (a: FixedDecimal, b: string) => a.minus(b), (a: InstanceType<typeof ReferenceDecimal>, b: string) => a.minus(b)],
    ['times', (a: FixedDecimal, b: string) => a.times(b), (a: InstanceType<typeof ReferenceDecimal>, b: string) => a.times(b)],
  ] as const)('%s', (_name, fixedOperation, referenceOperation) =>
    fc.assert(
      fc.property(value, value, (left, right) => same(fixedOperation(new FixedDecimal(left), right), referenceOperation(new ReferenceDecimal(left), right))),
      RUNS,
    ),
  );

  it('dividedBy, to decimal.js’s 40 digits', () =>
    fc.assert(
      fc.property(value, value, (left, right) => {
        fc.pre(!new ReferenceDecimal(right).isZero());
        same(new FixedDecimal(left).dividedBy(right), new ReferenceDecimal(left).dividedBy(right));
      }),
      RUNS,
    ));

  it('compares the same', () =>
    fc.assert(
      fc.property(value, value, (left, right) => {
        const fixed = new FixedDecimal(left);
        const reference = new ReferenceDecimal(left);
        expect(fixed.comparedTo(right)).toBe(reference.comparedTo(right));
        expect(fixed.equals(right)).toBe(reference.equals(right));
        expect(fixed.greaterThan(right)).toBe(reference.greaterThan(right));
        expect(fixed.lessThanOrEqualTo(right)).toBe(reference.lessThanOrEqualTo(right));
      }),
      RUNS,
    ));

  it('compares with written text as it compares with the value the text holds', () =>
    fc.assert(
      fc.property(value, fc.oneof(value, amount.map((text) => `${text}0`), fc.constantFrom('', '-', '.5', '12.', '1e3', '--1', '1.2.3', '0x10', ' 1', '-0.00')), (left, text) => {
        const fixed = new FixedDecimal(left);
        const readable = (() => {
          try {
            return new ReferenceDecimal(text);
          } catch {
            return null;
          }
        })();
        // Text decimal.js cannot read is never equal: `equals` throws on it as decimal.js does.
        if (readable === null) expect(() => fixed.equalsText(text)).toThrow();
        else expect(fixed.equalsText(text)).toBe(new ReferenceDecimal(left).equals(readable));
      }),
      RUNS,
    ));

  it.each([
    ['1234.50', '1234.5', true],
    ['1234.50', '1234.500', true],
    ['1234.50', '1234.501', false],
    ['0', '-0.00', true],
    ['-12.30', '-12.3', true],
    ['12.30', '-12.30', false],
    ['9007199254740993.01', '9007199254740993.01', true],
    ['100', '1e2', true],
  ])('%s equals the text %s: %s', (left, text, expected) => expect(new FixedDecimal(left).equalsText(text)).toBe(expected));

  it('rounds to the fen half up and down, floors and formats with fixed decimals the same', () =>
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 8 }), (text, places) => {
        const fixed = new FixedDecimal(text);
        const reference = new ReferenceDecimal(text);
        same(fixed.toDecimalPlaces(places, FixedDecimal.ROUND_HALF_UP), reference.toDecimalPlaces(places, ReferenceDecimal.ROUND_HALF_UP));
        same(fixed.toDecimalPlaces(places, FixedDecimal.ROUND_DOWN), reference.toDecimalPlaces(places, ReferenceDecimal.ROUND_DOWN));
        expect(fixed.toFixed(places)).toBe(reference.toFixed(places));
        same(fixed.floor(), reference.floor());
        same(fixed.abs(), reference.abs());
      }),
      RUNS,
    ));

  it('keeps a settlement’s chain exact: a remainder times a ratio, rounded once, added to a tally', () =>
    fc.assert(
      fc.property(amount, amount, ratio, amount, (bill, deductible, share, tally) => {
        const fixed = new FixedDecimal(tally).plus(new FixedDecimal(bill).minus(deductible).times(share).toDecimalPlaces(2));
        const reference = new ReferenceDecimal(tally).plus(new ReferenceDecimal(bill).minus(deductible).times(share).toDecimalPlaces(2));
        same(fixed, reference);
      }),
      RUNS,
    ));

  it('takes the decimal.js path beyond a safe integer and comes back when the value fits again', () => {
    const large = new FixedDecimal('9007199254740993.01');
    expect(large.reference).not.toBeNull();
    expect(large.toString()).toBe('9007199254740993.01');
    const back = large.minus('9007199254740990');
    expect(back.reference).toBeNull();
    expect(back.toFixed(2)).toBe('3.01');
  });

  it('writes a negative value that rounds to zero with its sign, as decimal.js does, and has no negative zero', () => {
    expect(new FixedDecimal('-0.001').toFixed(2)).toBe('-0.00');
    expect(new FixedDecimal('-0.001').toDecimalPlaces(2).isNegative()).toBe(false);
    expect(new FixedDecimal('-3').times(0).isNegative()).toBe(false);
  });
});
