import type { Payouts } from '../domain/policy/settlement.types';
import { D, formatYuan, parseYuan } from '../domain/money';
import { TIERS } from '../domain/vocabulary';

/**
 * Amount arithmetic for projections. Events carry amounts that are already whole fen, so sums and
 * differences never need rounding; going through `formatYuan` still refuses a stray third decimal.
 */

export const ZERO_AMOUNT = '0.00';

export const addAmounts = (left: string, right: string): string => formatYuan(parseYuan(left).plus(parseYuan(right)));

export const subtractAmounts = (left: string, right: string): string => formatYuan(parseYuan(left).minus(parseYuan(right)));

export const zeroPayouts = (): Payouts => ({ basic: ZERO_AMOUNT, critical: ZERO_AMOUNT, assistance: ZERO_AMOUNT, reassistance: ZERO_AMOUNT });

export const addPayouts = (left: Payouts, right: Payouts): Payouts => ({
  basic: addAmounts(left.basic, right.basic),
  critical: addAmounts(left.critical, right.critical),
  assistance: addAmounts(left.assistance, right.assistance),
  reassistance: addAmounts(left.reassistance, right.reassistance),
});

/** Σ of many payouts per tier, summed as decimals and formatted once. */
export const sumOfPayouts = (all: readonly Payouts[]): Payouts => {
  const sum = (tier: (typeof TIERS)[number]): string => formatYuan(all.reduce((total, payouts) => total.plus(parseYuan(payouts[tier])), new D(0)));
  return { basic: sum('basic'), critical: sum('critical'), assistance: sum('assistance'), reassistance: sum('reassistance') };
};

export const totalOfPayouts = (payouts: Payouts): string =>
  formatYuan(TIERS.reduce((total, tier) => total.plus(parseYuan(payouts[tier])), new D(0)));

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
