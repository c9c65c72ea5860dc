import type { Payouts } from '../domain/policy/settlement.types';
import { D, floorAtZero, formatYuan, parseYuan } from '../domain/money';
import { TIERS } from '../domain/vocabulary';

/**
 * Amount arithmetic for projections, on the events' yuan strings. Events carry amounts that are
 * already whole fen, so sums and differences never need rounding; the ledger's decimal type does
 * them on integer fen (src/domain/fixed-decimal.ts), and `parseYuan` refuses a stray third decimal.
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

/** Σ of many payouts per tier. */
export const sumOfPayouts = (all: readonly Payouts[]): Payouts => {
  const sum = (tier: (typeof TIERS)[number]): string => all.reduce((total, payouts) => addAmounts(total, payouts[tier]), ZERO_AMOUNT);
  return { basic: sum('basic'), critical: sum('critical'), assistance: sum('assistance'), reassistance: sum('reassistance') };
};

export const totalOfPayouts = (payouts: Payouts): string => TIERS.reduce((total, tier) => addAmounts(total, payouts[tier]), ZERO_AMOUNT);

/** max(0, cap − paid): what is left under an annual cap. */
export const remainingUnder = (cap: string, paid: string): string => formatYuan(floorAtZero(parseYuan(cap).minus(parseYuan(paid))));

export const minAmount = (left: string, right: string): string =>
  parseYuan(left).lessThanOrEqualTo(parseYuan(right)) ? left : right;

/** Accepts the spellings of an amount a trace may use ("5000", "5000.00") and normalises to two decimals; null otherwise. */
export const normaliseAmount = (text: string | undefined): string | null => {
  if (text === undefined || !/^-?\d{1,15}(\.\d+)?$/.test(text)) return null;
  const value = new D(text);
  return value.decimalPlaces() <= 2 ? formatYuan(value) : null;
};
