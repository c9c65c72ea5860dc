import type { Amount } from '../api/types';

/**
 * Amounts arrive as yuan strings with two decimals. The console never does float arithmetic on
 * them: sums are taken in fen as BigInt, and a float is made only for plotting, where a rounding of
 * the last pixel does not matter.
 */

const AMOUNT = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;

/** Fen (0.01 yuan) of an amount string; throws on anything that is not a plain decimal. */
export const toFen = (amount: Amount): bigint => {
  const match = AMOUNT.exec(amount.trim());
  if (!match) throw new RangeError(`not an amount: ${JSON.stringify(amount)}`);
  const [, sign, whole, fraction = ''] = match;
  const fen = BigInt(whole ?? '0') * 100n + BigInt(fraction.padEnd(2, '0'));
  return sign ? -fen : fen;
};

export const fromFen = (fen: bigint): Amount => {
  const negative = fen < 0n;
  const magnitude = negative ? -fen : fen;
  const text = `${magnitude / 100n}.${(magnitude % 100n).toString().padStart(2, '0')}`;
  return negative ? `-${text}` : text;
};

export const sumAmounts = (amounts: readonly Amount[]): Amount => fromFen(amounts.reduce((total, amount) => total + toFen(amount), 0n));

export const subtractAmount = (left: Amount, right: Amount): Amount => fromFen(toFen(left) - toFen(right));

/** For charts only. */
export const toNumber = (amount: Amount): number => Number(toFen(amount)) / 100;

/** "1234567.50" → "1,234,567.50"; a leading "+" on request so deltas read as changes. */
export const formatAmount = (amount: Amount, options: { readonly signed?: boolean } = {}): string => {
  const fen = toFen(amount);
  const text = fromFen(fen < 0n ? -fen : fen);
  const [whole = '0', fraction = '00'] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = fen < 0n ? '−' : options.signed && fen > 0n ? '+' : '';
  return `${sign}${grouped}.${fraction}`;
};

/** Sign of an amount, for colouring deltas. */
export const signOf = (amount: Amount): -1 | 0 | 1 => {
  const fen = toFen(amount);
  return fen < 0n ? -1 : fen > 0n ? 1 : 0;
};

/** Ratios come as decimal strings ("0.70"); inspectors read them as percentages. */
export const formatRatio = (ratio: string): string => {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(ratio.trim());
  if (!match) return ratio;
  const [, whole = '0', fraction = ''] = match;
  const digits = `${whole}${fraction.padEnd(2, '0')}`;
  const integer = digits.slice(0, whole.length + 2).replace(/^0+(?=\d)/, '');
  const rest = digits.slice(whole.length + 2).replace(/0+$/, '');
  return `${integer}${rest ? `.${rest}` : ''}%`;
};
