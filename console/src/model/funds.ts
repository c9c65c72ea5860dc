import type { Amount, Category } from '../api/types';
import type { FundRow, FundTier } from '../api/report-types';
import { fromFen, toFen, toNumber } from './money';

/**
 * The funds report pivoted for reading: totals by month (one bar per month, stacked by tier) and by
 * tier × category, with the corrections (reassessments) shown apart from first settlements.
 */

export const FUND_TIERS: readonly FundTier[] = ['basic', 'critical', 'assistance', 'reassistance', 'subsidy', 'oneTimeAssistance'];

export interface FundTotals {
  readonly settled: Amount;
  readonly reassessed: Amount;
  readonly total: Amount;
  readonly count: number;
}

export interface FundsPivot {
  /** Every month from the first to the last in the report (gaps filled), YYYY-MM. */
  readonly months: readonly string[];
  /** Per tier, the total of each month in `months` order, as numbers for the chart. */
  readonly byMonth: ReadonlyArray<{ readonly tier: FundTier; readonly totals: readonly number[] }>;
  readonly monthTotals: ReadonlyArray<{ readonly month: string; readonly totals: FundTotals }>;
  readonly byTierCategory: ReadonlyArray<{ readonly tier: FundTier; readonly category: Category | null; readonly totals: FundTotals }>;
  readonly byTier: ReadonlyArray<{ readonly tier: FundTier; readonly totals: FundTotals }>;
  readonly grand: FundTotals;
}

interface Sum {
  settled: bigint;
  reassessed: bigint;
  count: number;
}

const empty = (): Sum => ({ settled: 0n, reassessed: 0n, count: 0 });
const add = (sum: Sum, row: FundRow): void => {
  sum.settled += toFen(row.settled);
  sum.reassessed += toFen(row.reassessed);
  sum.count += row.count;
};
const totalsOf = (sum: Sum): FundTotals => ({ settled: fromFen(sum.settled), reassessed: fromFen(sum.reassessed), total: fromFen(sum.settled + sum.reassessed), count: sum.count });

/** Months from `first` to `last` inclusive, bounded to 20 years so a typo in a date cannot hang the page. */
export const monthRange = (first: string, last: string): string[] => {
  const months: string[] = [];
  let year = Number(first.slice(0, 4));
  let month = Number(first.slice(5, 7));
  while (months.length < 240) {
    const text = `${year}-${String(month).padStart(2, '0')}`;
    if (text > last) break;
    months.push(text);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
};

const tierOrder = (tier: FundTier): number => {
  const index = FUND_TIERS.indexOf(tier);
  return index === -1 ? FUND_TIERS.length : index;
};

/** `period` (months, inclusive) widens the axis to the whole period asked, so a quiet month shows as zero. */
export const pivotFunds = (rows: readonly FundRow[], categoryOrder: readonly string[], period?: { readonly from: string; readonly to: string }): FundsPivot => {
  const sortedMonths = [...new Set([...rows.map((row) => row.month), ...(period ? [period.from, period.to] : [])])].sort();
  const months = sortedMonths.length === 0 ? [] : monthRange(sortedMonths[0] ?? '', sortedMonths[sortedMonths.length - 1] ?? '');
  const tiers = [...new Set(rows.map((row) => row.tier))].sort((left, right) => tierOrder(left) - tierOrder(right));

  const cell = new Map<string, Sum>();
  const perMonth = new Map<string, Sum>();
  const perTierCategory = new Map<string, { tier: FundTier; category: Category | null; sum: Sum }>();
  const perTier = new Map<FundTier, Sum>();
  const grand = empty();
  for (const row of rows) {
    const cellKey = `${row.tier}/${row.month}`;
    add(cell.get(cellKey) ?? cell.set(cellKey, empty()).get(cellKey)!, row);
    add(perMonth.get(row.month) ?? perMonth.set(row.month, empty()).get(row.month)!, row);
    const tcKey = `${row.tier}/${row.category ?? '-'}`;
    if (!perTierCategory.has(tcKey)) perTierCategory.set(tcKey, { tier: row.tier, category: row.category, sum: empty() });
    add(perTierCategory.get(tcKey)!.sum, row);
    add(perTier.get(row.tier) ?? perTier.set(row.tier, empty()).get(row.tier)!, row);
    add(grand, row);
  }
  const categoryIndex = (category: Category | null): number => (category === null ? categoryOrder.length : categoryOrder.indexOf(category));
  return {
    months,
    byMonth: tiers.map((tier) => ({ tier, totals: months.map((month) => toNumber(totalsOf(cell.get(`${tier}/${month}`) ?? empty()).total)) })),
    monthTotals: months.map((month) => ({ month, totals: totalsOf(perMonth.get(month) ?? empty()) })),
    byTierCategory: [...perTierCategory.values()]
      .sort((left, right) => tierOrder(left.tier) - tierOrder(right.tier) || categoryIndex(left.category) - categoryIndex(right.category))
      .map(({ tier, category, sum }) => ({ tier, category, totals: totalsOf(sum) })),
    byTier: tiers.map((tier) => ({ tier, totals: totalsOf(perTier.get(tier) ?? empty()) })),
    grand: totalsOf(grand),
  };
};
