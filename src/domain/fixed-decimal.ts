import Decimal from 'decimal.js';
import { unitsOfText } from './decimal-text';

/**
 * The ledger's decimal number: a value held as a whole number of units of 10^-scale (an amount in
 * yuan is a count of fen at scale 2, a ratio "0.65" is 65 at scale 2), with decimal.js as the exact
 * fallback. Settlement adds, subtracts, multiplies and compares amounts and ratios with at most a
 * handful of decimals; as integers those operations are exact and several times cheaper than a
 * `Decimal` of decimal.js, which was about half of the settlement's time (issue 13, item 4).
 *
 * Every result is the one decimal.js gives with the ledger's configuration (40 significant digits,
 * ROUND_HALF_UP): an operation whose exact integer result would leave JavaScript's safe integers, a
 * division, or a value written in exponent notation goes through decimal.js and comes back as a
 * fixed value when it fits, else stays a `Decimal` inside. The method names are decimal.js's own,
 * so the policy code reads the same either way. A property test checks each operation against
 * decimal.js on amounts, ratios and their products (test/domain/fixed-decimal.property.spec.ts).
 */

/** decimal.js as the ledger configures it: what every fallback and every comparison of meaning uses. */
export const ReferenceDecimal = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
type Reference = InstanceType<typeof ReferenceDecimal>;

export type DecimalValue = FixedDecimal | string | number;

/** Powers of ten that are safe integers; a scale difference beyond them takes the decimal.js path. */
const POWERS_OF_TEN: readonly number[] = Array.from({ length: 16 }, (_, exponent) => 10 ** exponent);
const MAX_FIXED_SCALE = POWERS_OF_TEN.length - 1;

/** decimal.js writes a value whose exponent is -7 or less (below 0.000001) in exponent notation (its `toExpNeg`); such values format through it. */
const EXPONENT_NOTATION_AT = -7;

const RAW = Symbol('units');

export class FixedDecimal {
  static readonly ROUND_HALF_UP = Decimal.ROUND_HALF_UP;
  static readonly ROUND_DOWN = Decimal.ROUND_DOWN;

  /** The whole number of 10^-scale units; meaningless when `reference` is set. */
  readonly units: number;
  readonly scale: number;
  /** The value as decimal.js holds it, when it does not fit a safe integer at a scale up to 15. */
  readonly reference: Reference | null;

  /**
   * `new FixedDecimal(value)` reads a decimal string, a number or another value, as `new Decimal`
   * does. The other parameters are this module's fast path for results (`RAW` is not exported).
   */
  constructor(value: DecimalValue | typeof RAW, units = 0, scale = 0, reference: Reference | null = null) {
    if (value === RAW) {
      // No negative zero: decimal.js has one (−0.001 rounded to the fen, −3 × 0), which means nothing in money.
      this.units = units === 0 ? 0 : units;
      this.scale = scale;
      this.reference = reference;
      return;
    }
    const parsed = value instanceof FixedDecimal ? value : parse(value);
    this.units = parsed.units;
    this.scale = parsed.scale;
    this.reference = parsed.reference;
  }

  static min(...values: FixedDecimal[]): FixedDecimal {
    return values.reduce((least, value) => (value.lessThan(least) ? value : least));
  }

  static max(...values: FixedDecimal[]): FixedDecimal {
    return values.reduce((most, value) => (value.greaterThan(most) ? value : most));
  }

  plus(other: DecimalValue): FixedDecimal {
    const right = of(other);
    if (this.reference === null && right.reference === null) {
      const sum = alignedSum(this, right, 1);
      if (sum !== null) return sum;
    }
    return fromReference(this.toReference().plus(right.toReference()));
  }

  minus(other: DecimalValue): FixedDecimal {
    const right = of(other);
    if (this.reference === null && right.reference === null) {
      const difference = alignedSum(this, right, -1);
      if (difference !== null) return difference;
    }
    return fromReference(this.toReference().minus(right.toReference()));
  }

  times(other: DecimalValue): FixedDecimal {
    const right = of(other);
    if (this.reference === null && right.reference === null) {
      const units = this.units * right.units;
      const scale = this.scale + right.scale;
      if (Number.isSafeInteger(units) && scale <= MAX_FIXED_SCALE) return fixed(units, scale);
    }
    return fromReference(this.toReference().times(right.toReference()));
  }

  /** Always through decimal.js: a quotient need not end (10,000 ÷ 0.7), and its 40 digits are what the ledger has always used. */
  dividedBy(other: DecimalValue): FixedDecimal {
    return fromReference(this.toReference().dividedBy(of(other).toReference()));
  }

  abs(): FixedDecimal {
    return this.isNegative() ? this.negated() : this;
  }

  negated(): FixedDecimal {
    return this.reference === null ? fixed(-this.units, this.scale) : fromReference(this.reference.negated());
  }

  /** -1, 0 or 1 as this value is less than, equal to or greater than the other. */
  comparedTo(other: DecimalValue): number {
    const right = of(other);
    if (this.reference === null && right.reference === null) {
      if (this.scale === right.scale) return Math.sign(this.units - right.units);
      const scale = Math.max(this.scale, right.scale);
      const left = this.units * POWERS_OF_TEN[scale - this.scale]!;
      const aligned = right.units * POWERS_OF_TEN[scale - right.scale]!;
      if (Number.isSafeInteger(left) && Number.isSafeInteger(aligned)) return Math.sign(left - aligned);
    }
    return this.toReference().comparedTo(right.toReference());
  }

  equals(other: DecimalValue): boolean {
    return this.comparedTo(other) === 0;
  }

  /**
   * `equals(text)` for a decimal written in plain notation ("1234.50"), read digit by digit into this
   * value's units with no value, match or string made: a reassessment compares a dozen recorded
   * amounts per replayed claim, nearly all equal. Any other text goes through `equals`.
   */
  equalsText(text: string): boolean {
    const units = this.reference === null ? unitsOfText(text, this.scale) : null;
    return units === null ? this.equals(text) : units === this.units;
  }

  greaterThan(other: DecimalValue): boolean {
    return this.comparedTo(other) > 0;
  }

  greaterThanOrEqualTo(other: DecimalValue): boolean {
    return this.comparedTo(other) >= 0;
  }

  lessThan(other: DecimalValue): boolean {
    return this.comparedTo(other) < 0;
  }

  lessThanOrEqualTo(other: DecimalValue): boolean {
    return this.comparedTo(other) <= 0;
  }

  isZero(): boolean {
    return this.reference === null ? this.units === 0 : this.reference.isZero();
  }

  isNegative(): boolean {
    return this.reference === null ? this.units < 0 : this.reference.isNegative();
  }

  /** Decimal places of the value written without trailing zeros. */
  decimalPlaces(): number {
    if (this.reference !== null) return this.reference.decimalPlaces();
    return this.scale - trailingZeros(this.units, this.scale);
  }

  /** The value rounded to `places` decimals, half up (the ledger's rounding) or down; other modes go through decimal.js. */
  toDecimalPlaces(places: number, rounding: Decimal.Rounding = FixedDecimal.ROUND_HALF_UP): FixedDecimal {
    if (this.reference !== null || !isFixedRounding(rounding) || places < 0 || places > MAX_FIXED_SCALE) {
      return fromReference(this.toReference().toDecimalPlaces(places, rounding));
    }
    if (this.scale <= places) return this;
    return fixed(roundUnits(this.units, POWERS_OF_TEN[this.scale - places]!, rounding), places);
  }

  /** Rounded towards minus infinity to a whole number. */
  floor(): FixedDecimal {
    if (this.reference !== null) return fromReference(this.reference.floor());
    if (this.scale === 0) return this;
    const factor = POWERS_OF_TEN[this.scale]!;
    const remainder = this.units % factor;
    const whole = (this.units - remainder) / factor;
    return fixed(remainder < 0 ? whole - 1 : whole, 0);
  }

  /** As decimal.js writes it: no trailing zeros, exponent notation below 1e-7. */
  toString(): string {
    if (this.reference !== null) return this.reference.toString();
    if (this.units !== 0 && exponentOf(this.units, this.scale) <= EXPONENT_NOTATION_AT) return this.toReference().toString();
    return this.toFixed();
  }

  /** Plain notation; with `places`, rounded half up to exactly that many decimals, as decimal.js's `toFixed`. */
  toFixed(places?: number): string {
    if (this.reference !== null) return places === undefined ? this.reference.toFixed() : this.reference.toFixed(places);
    if (places === undefined) return plainText(this.units, this.scale, this.scale - trailingZeros(this.units, this.scale));
    if (places > MAX_FIXED_SCALE) return this.toReference().toFixed(places);
    const rounded = this.toDecimalPlaces(places);
    // As decimal.js does, a negative value that rounds to zero keeps its sign in the text ("-0.00").
    const sign = this.units < 0 && rounded.units === 0 ? '-' : '';
    return `${sign}${plainText(rounded.units, rounded.scale, places)}`;
  }

  toJSON(): string {
    return this.toString();
  }

  valueOf(): string {
    return this.toString();
  }

  /** The same value as a decimal.js `Decimal`, for the few places that need its full range. */
  toReference(): Reference {
    return this.reference ?? new ReferenceDecimal(this.toFixed());
  }
}

const fixed = (units: number, scale: number): FixedDecimal => new FixedDecimal(RAW, units, scale);

const of = (value: DecimalValue): FixedDecimal => (value instanceof FixedDecimal ? value : new FixedDecimal(value));

/** A decimal.js result as a fixed value when it has at most 15 decimals and fits a safe integer; else kept as it is. */
const fromReference = (value: Reference): FixedDecimal => {
  const scale = value.decimalPlaces();
  if (value.isFinite() && scale <= MAX_FIXED_SCALE) {
    const units = Number(value.times(POWERS_OF_TEN[scale]!).toFixed(0));
    if (Number.isSafeInteger(units)) return fixed(units, scale);
  }
  return new FixedDecimal(RAW, 0, 0, value);
};

const parse = (value: string | number): FixedDecimal => {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? fixed(value, 0) : fromReference(new ReferenceDecimal(value));
  }
  // Plain text ("-1234.50") is read digit by digit at the scale its decimals give.
  const point = value.indexOf('.');
  const scale = point < 0 ? 0 : value.length - point - 1;
  const units = scale <= MAX_FIXED_SCALE ? unitsOfText(value, scale) : null;
  if (units !== null) return fixed(units, scale);
  // Exponent notation, "Infinity", "NaN" or digits beyond a safe integer: decimal.js reads (or refuses) them.
  return fromReference(new ReferenceDecimal(value));
};

/** left + sign × right at the larger scale, or null when a step would leave the safe integers. */
const alignedSum = (left: FixedDecimal, right: FixedDecimal, sign: 1 | -1): FixedDecimal | null => {
  const { units: a, scale: leftScale } = left;
  const { units: b, scale: rightScale } = right;
  if (leftScale === rightScale) {
    const units = a + sign * b;
    return Number.isSafeInteger(units) ? fixed(units, leftScale) : null;
  }
  const scale = Math.max(leftScale, rightScale);
  const alignedLeft = a * POWERS_OF_TEN[scale - leftScale]!;
  const alignedRight = b * POWERS_OF_TEN[scale - rightScale]!;
  const units = alignedLeft + sign * alignedRight;
  return Number.isSafeInteger(alignedLeft) && Number.isSafeInteger(alignedRight) && Number.isSafeInteger(units) ? fixed(units, scale) : null;
};

const isFixedRounding = (rounding: Decimal.Rounding): boolean => rounding === FixedDecimal.ROUND_HALF_UP || rounding === FixedDecimal.ROUND_DOWN;

/** units ÷ factor to a whole number: half away from zero (ROUND_HALF_UP) or towards zero (ROUND_DOWN). */
const roundUnits = (units: number, factor: number, rounding: Decimal.Rounding): number => {
  const remainder = units % factor;
  const truncated = (units - remainder) / factor;
  if (rounding === FixedDecimal.ROUND_DOWN || 2 * Math.abs(remainder) < factor) return truncated;
  return truncated + Math.sign(units);
};

/** How many of the `scale` decimals of units × 10^-scale are trailing zeros. */
const trailingZeros = (units: number, scale: number): number => {
  if (units === 0) return scale;
  let zeros = 0;
  let rest = units;
  while (zeros < scale && rest % 10 === 0) {
    rest /= 10;
    zeros += 1;
  }
  return zeros;
};

/** The decimal exponent of the leading digit of units × 10^-scale (units ≠ 0). */
const exponentOf = (units: number, scale: number): number => String(Math.abs(units)).length - 1 - scale;

/** units × 10^-scale written with exactly `places` decimals (places ≥ the scale's significant decimals). */
const plainText = (units: number, scale: number, places: number): string => {
  const digits = String(Math.abs(units)).padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale, digits.length - scale + places).padEnd(places, '0');
  const sign = units < 0 ? '-' : '';
  return places === 0 ? `${sign}${whole}` : `${sign}${whole}.${fraction}`;
};
