import type { Accumulators, Payouts, TraceStep } from '../api/types';
import { TIERS } from '../api/types';
import { categoryName, isCategoryCode, isMessageKey, translate, type Lang } from '../i18n/messages';
import { formatAmount, formatRatio, sumAmounts } from './money';

/**
 * A settlement trace as readable steps. The ledger writes each step's explanation in full sentences
 * and its numbers as strings; the console adds a heading per step, labels the numbers in the chosen
 * language and shows amounts grouped and ratios as percentages. Unknown steps and keys still show,
 * under their own names: the trace is an explanation, and a new step must not disappear.
 */

export interface ReadableValue {
  readonly key: string;
  readonly label: string;
  readonly text: string;
}

export interface ReadableStep {
  readonly index: number;
  readonly step: string;
  readonly title: string;
  readonly explanation: string;
  readonly clause: string | null;
  /** The pack marks values the seeds do not state as assumed; inspectors must see that. */
  readonly assumed: boolean;
  readonly values: readonly ReadableValue[];
}

/** Keys read first, in the order a settlement is reasoned about; the rest keep the ledger's order. */
const VALUE_ORDER = [
  'policyScope', 'deductible', 'deductibleApplied', 'base', 'baseBefore', 'increment', 'baseAfter', 'threshold', 'thresholdConsumed',
  'segments', 'ratio', 'cap', 'capShared', 'capUsedBefore', 'capRemainingBefore', 'capRemainingAfter', 'exact', 'rounded', 'rounding', 'amount',
];

const AMOUNT_TEXT = /^-?\d+\.\d{2}$/;
const CHANGE_TEXT = /^(-?\d+\.\d{2}) → (-?\d+\.\d{2})$/;
const RATIO_KEYS = new Set(['ratio']);
const CATEGORY_LIST_KEYS = new Set(['held', 'evaluated']);

/** Category codes in a list ("EDGE, SUBSISTENCE") by their names; "none" in words. */
const categoryList = (lang: Lang, value: string): string => {
  if (value.trim() === 'none' || value.trim() === '') return translate(lang, 'claim.none');
  return value
    .split(/[,\s]+/)
    .filter((code) => code !== '')
    .map((code) => (isCategoryCode(code) ? `${categoryName(lang, code)} ${code}` : code))
    .join('、');
};

export const formatValue = (lang: Lang, key: string, value: string): string => {
  if (RATIO_KEYS.has(key)) return formatRatio(value);
  if (CATEGORY_LIST_KEYS.has(key)) return categoryList(lang, value);
  if (AMOUNT_TEXT.test(value)) return formatAmount(value);
  const change = CHANGE_TEXT.exec(value);
  if (change) return `${formatAmount(change[1] ?? '0.00')} → ${formatAmount(change[2] ?? '0.00')}`;
  if (value === 'none' && key.startsWith('cap')) return translate(lang, 'usage.unlimited');
  return value;
};

const labelOf = (lang: Lang, key: string): string => {
  // The 就高不就低 step lists each category compared, keyed by its code.
  if (isCategoryCode(key)) return categoryName(lang, key);
  const labelKey = `value.${key}`;
  return isMessageKey(labelKey) ? translate(lang, labelKey) : key;
};

/** Category codes a trace's `categories` step says were held, or null when the trace does not say. */
export const heldInTrace = (trace: readonly TraceStep[]): string[] | null => {
  const held = trace.find((step) => step.step === 'categories')?.values?.held;
  if (held === undefined) return null;
  return held.split(/[,\s]+/).filter((code) => isCategoryCode(code));
};

const orderOf = (key: string): number => {
  const index = VALUE_ORDER.indexOf(key);
  return index === -1 ? VALUE_ORDER.length : index;
};

export const readableSteps = (lang: Lang, trace: readonly TraceStep[]): ReadableStep[] =>
  trace.map((step, index) => {
    const titleKey = `step.${step.step}`;
    const entries = Object.entries(step.values ?? {}).map(([key, value], position) => ({ key, value, position }));
    entries.sort((left, right) => orderOf(left.key) - orderOf(right.key) || left.position - right.position);
    return {
      index: index + 1,
      step: step.step,
      title: isMessageKey(titleKey) ? translate(lang, titleKey) : step.step,
      explanation: step.explanation,
      clause: step.clause ?? null,
      assumed: (step.clause ?? '').startsWith('assumed'),
      values: entries.map(({ key, value }) => ({ key, label: labelOf(lang, key), text: formatValue(lang, key, value) })),
    };
  });

/** The step that says why this category was applied (就高不就低), if the trace has one. */
export const categoryReason = (trace: readonly TraceStep[]): string | null =>
  trace.find((step) => step.step === 'category-choice')?.explanation ?? null;

export interface AccumulatorRow {
  readonly key: string;
  readonly before: string;
  readonly after: string;
  readonly changed: boolean;
}

const ACCUMULATOR_KEYS = ['criticalBase', 'assistanceBase', 'reassistanceBase', 'burdenTotal', 'burdenPolicyScope', 'outpatientDeductibleConsumed', 'inpatientDeductiblePaid'] as const;

/** Accumulators before → after, the bases and burdens first, then paid per tier. */
export const accumulatorRows = (before: Accumulators, after: Accumulators): AccumulatorRow[] => {
  const rows: AccumulatorRow[] = [];
  for (const key of ACCUMULATOR_KEYS) {
    const left = before[key];
    const right = after[key];
    if (typeof left !== 'string' || typeof right !== 'string') continue;
    rows.push({ key: `acc.${key}`, before: left, after: right, changed: left !== right });
  }
  for (const tier of TIERS) rows.push({ key: `tier.${tier}`, before: before.paid[tier], after: after.paid[tier], changed: before.paid[tier] !== after.paid[tier] });
  return rows;
};

/** The sum over the four tiers (of payouts or of a delta). */
export const totalOf = (payouts: Payouts): string => sumAmounts(TIERS.map((tier) => payouts[tier]));
