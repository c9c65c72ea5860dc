import { FixedDecimal } from './fixed-decimal';

/**
 * Money and ratios. Every amount is a `FixedDecimal` (whole fen as an integer, with decimal.js, at
 * 40 digits and ROUND_HALF_UP, behind it for what does not fit); on the wire and in events it is a
 * string in yuan with exactly two decimals ("1234.50"). Every rounding in the ledger goes through a
 * named function here, so a reader can find each place a fen may be gained or lost.
 */

/** The ledger's decimal type, under the short name the policy code uses. */
export const D = FixedDecimal;
export type Decimal = FixedDecimal;
export type Yuan = FixedDecimal;

export const ZERO: Yuan = new D(0);

const AMOUNT_PATTERN = /^-?\d{1,15}(\.\d{1,2})?$/;
const RATIO_PATTERN = /^\d{1,3}(\.\d{1,6})?$/;

/** Parses a yuan amount written with at most two decimals; throws on anything else. */
export const parseYuan = (text: string, field = 'amount'): Yuan => {
  if (typeof text !== 'string' || !AMOUNT_PATTERN.test(text)) {
    throw new RangeError(`${field} must be a decimal string with at most 2 decimals, got ${JSON.stringify(text)}`);
  }
  return new D(text);
};

/** Parses a ratio such as "0.70"; throws on anything else. */
export const parseRatio = (text: string, field = 'ratio'): Decimal => {
  if (typeof text !== 'string' || !RATIO_PATTERN.test(text)) {
    throw new RangeError(`${field} must be a decimal string, got ${JSON.stringify(text)}`);
  }
  return new D(text);
};

/** The ledger's one rounding of money: to the fen (0.01 yuan), half up. Each tier of each claim goes through it once. */
export const roundToFenHalfUp = (value: Decimal): Yuan => value.toDecimalPlaces(2, FixedDecimal.ROUND_HALF_UP);

/** Formats an amount that is already whole fen; refuses to round silently. */
export const formatYuan = (value: Decimal): string => {
  if (value.decimalPlaces() > 2) {
    throw new RangeError(`formatYuan: ${value.toString()} has more than two decimals; round it first with a named rounding`);
  }
  // Exact: the value has whole fen. Zero is written "0.00" whatever its sign.
  return value.isZero() ? '0.00' : value.toFixed(2);
};

/**
 * Writes a value exactly, in plain notation and without rounding. Traces use it to show a tier's
 * amount before its one rounding, so that an inspector can redo the rounding by hand.
 */
export const formatExact = (value: Decimal): string => value.toFixed();

export const minYuan = (...values: Decimal[]): Decimal => D.min(...values);
export const maxYuan = (...values: Decimal[]): Decimal => D.max(...values);
export const floorAtZero = (value: Decimal): Decimal => (value.isNegative() ? ZERO : value);
export const sumYuan = (values: readonly Decimal[]): Decimal => values.reduce((total, v) => total.plus(v), ZERO);
