import type { Payouts } from '../domain/policy/settlement.types';
import { D, formatYuan, parseYuan } from '../domain/money';
import { TIERS } from '../domain/vocabulary';

/**
 * Amount arithmetic for projections. Events carry amounts that are already whole fen, so sums and
 * differences never need rounding. They are done on integer fen, which is exact while the result is
 * a safe integer (any amount under 90 trillion yuan) and several times cheaper than a Decimal; an
 * amount outside that range, or not in the events' form, takes the Decimal path, which also refuses
 * a stray third decimal as before.
 */

export const ZERO_AMOUNT = '0.00';

/** At most 13 digits of yuan, so that a sum of two stays a safe integer of fen. */
const FEN_PATTERN = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/;

/** The amount in whole fen, or null when it is not a plain amount of at most 13 digits of yuan. */
const fenOf = (text: string): number | null => {
  const match = FEN_PATTERN.exec(text);
  if (match === null) return null;
  const fen = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] === '-' ? -fen : fen;
};

/** Whole fen written as the events write yuan: two decimals, zero without a sign. */
const yuanOfFen = (fen: number): string => {
  const magnitude = Math.abs(fen);
  const cents = magnitude % 100;
  const text = `${Math.floor(magnitude / 100)}.${cents < 10 ? '0' : ''}${cents}`;
  return fen < 0 ? `-${text}` : text;
};

const combine = (left: string, right: string, sign: 1 | -1): string => {
  const leftFen = fenOf(left);
  const rightFen = fenOf(right);
  if (leftFen !== null && rightFen !== null) {
    const result = leftFen + sign * rightFen;
    if (Number.isSafeInteger(result)) return yuanOfFen(result);
  }
  const exact = sign === 1 ? parseYuan(left).plus(parseYuan(right)) : parseYuan(left).minus(parseYuan(right));
  return formatYuan(exact);
};

export const addAmounts = (left: string, right: string): string => combine(left, right, 1);

export const subtractAmounts = (left: string, right: string): string => combine(left, right, -1);

export const zeroPayouts = (): Payouts => ({ basic: ZERO_AMOUNT, critical: ZERO_AMOUNT, assistance: ZERO_AMOUNT, reassistance: ZERO_AMOUNT });

export const addPayouts = (left: Payouts, right: Payouts): Payouts => ({
  basic: addAmounts(left.basic, right.basic),
  critical: addAmounts(left.critical, right.critical),
  assistance: addAmounts(left.assistance, right.assistance),
  reassistance: addAmounts(left.reassistance, right.reassistance),
});

/** Σ of many payouts per tier. */
export const sumOfPayouts = (all: readonly Payouts[]): Payouts => {
  const sum = (tier: (typeof TIERS)[number]): string => all.reduce((total, payouts) => addAmounts(total, payouts[tier]), ZERO_AMOUNT);
  return { basic: sum('basic'), critical: sum('critical'), assistance: sum('assistance'), reassistance: sum('reassistance') };
};

export const totalOfPayouts = (payouts: Payouts): string => TIERS.reduce((total, tier) => addAmounts(total, payouts[tier]), ZERO_AMOUNT);

/** max(0, cap − paid): what is left under an annual cap. */
export const remainingUnder = (cap: string, paid: string): string => {
  const left = parseYuan(cap).minus(parseYuan(paid));
  return formatYuan(left.isNegative() ? new D(0) : left);
};

export const minAmount = (left: string, right: string): string =>
  parseYuan(left).lessThanOrEqualTo(parseYuan(right)) ? left : right;

/** Accepts the spellings of an amount a trace may use ("5000", "5000.00") and normalises to two decimals; null otherwise. */
export const normaliseAmount = (text: string | undefined): string | null => {
  if (text === undefined || !/^-?\d{1,15}(\.\d+)?$/.test(text)) return null;
  const value = new D(text);
  return value.decimalPlaces() <= 2 ? formatYuan(value) : null;
};
