import type { Category, Tier } from '../api/types';
import { TIERS } from '../api/types';
import type { SimulationComparison, SimulationReport } from '../api/report-types';

/** Two bars per label, actual and draft, as numbers of yuan for the chart (the table keeps the exact strings). */
export interface ComparisonSeries {
  readonly labels: readonly string[];
  readonly actual: readonly number[];
  readonly draft: readonly number[];
}

const yuan = (amount: string): number => Number(amount);

/** Actual against draft per tier. */
export const tierSeries = (report: SimulationReport, label: (tier: Tier) => string): ComparisonSeries => ({
  labels: TIERS.map(label),
  actual: TIERS.map((tier) => yuan(report.totals.actual[tier])),
  draft: TIERS.map((tier) => yuan(report.totals.draft[tier])),
});

/** Actual against draft per category, in total; claims settled under no category are labelled by `none`. */
export const categorySeries = (report: SimulationReport, label: (category: Category | null) => string): ComparisonSeries => ({
  labels: report.byCategory.map((row) => label(row.category)),
  actual: report.byCategory.map((row) => yuan(row.actual.total)),
  draft: report.byCategory.map((row) => yuan(row.draft.total)),
});

/** Whether the draft changes anything at all: the page then says so instead of drawing equal bars. */
export const changesNothing = (totals: SimulationComparison): boolean => TIERS.every((tier) => Number(totals.difference[tier]) === 0);

/** Progress as a whole percentage; 0 before the service knows the total. */
export const percentDone = (progress: { readonly done: number; readonly total: number }): number =>
  progress.total === 0 ? 0 : Math.min(100, Math.floor((progress.done / progress.total) * 100));
