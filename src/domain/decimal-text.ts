/**
 * Plain decimal text ("-1234.50") read digit by digit into a whole number of units of 10^-scale,
 * with no regular expression, match or string made: `FixedDecimal` reads every amount of every claim,
 * accumulator and pack value this way, and compares recorded amounts with it (`equalsText`).
 */

/** Longer text than any amount or ratio of the ledger is left to decimal.js. */
const MAX_TEXT_DIGITS = 32;
const MINUS = 45;
const POINT = 46;
const DIGIT_ZERO = 48;
const DIGIT_NINE = 57;

/**
 * The value of plain decimal text (`-?digits(.digits)?`) in units of 10^-scale, or null when the text
 * is anything else, has a non-zero digit beyond the scale, or leaves the safe integers. The scale is
 * a `FixedDecimal`'s, at most 15, so its power of ten is exact.
 */
export const unitsOfText = (text: string, scale: number): number | null => {
  if (text.length === 0 || text.length > MAX_TEXT_DIGITS) return null;
  const negative = text.charCodeAt(0) === MINUS;
  let units = 0;
  let digits = 0;
  let decimals = -1;
  for (let index = negative ? 1 : 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === POINT && decimals < 0 && digits > 0) {
      decimals = 0;
      continue;
    }
    if (code < DIGIT_ZERO || code > DIGIT_NINE) return null;
    digits += 1;
    if (decimals >= 0) decimals += 1;
    // A trailing zero beyond the scale changes nothing; any other digit there is left to `equals`.
    if (decimals > scale) {
      if (code !== DIGIT_ZERO) return null;
      continue;
    }
    units = units * 10 + (code - DIGIT_ZERO);
  }
  if (digits === 0 || decimals === 0) return null;
  const scaled = units * 10 ** (scale - Math.min(scale, Math.max(decimals, 0)));
  if (!Number.isSafeInteger(scaled)) return null;
  return negative ? -scaled : scaled;
};
