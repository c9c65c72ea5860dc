import type { Accumulators, Payouts } from '../api/types';
import { TIERS } from '../api/types';
import type { RenderedProvenance, RenderedStep } from '../api/claim-types';
import { formatAmount, sumAmounts } from './money';

/**
 * A settlement explanation as readable steps. The ledger renders each step in the language the
 * console asks for (its text, the provenance of its rule, each figure with its own provenance); the
 * console groups amounts and marks what the seeds do not state (assumed) so inspectors see it.
 */

export interface ReadableValue {
  readonly key: string;
  readonly label: string;
  readonly text: string;
  /** Where the figure comes from; null when the step cites no rule. */
  readonly source: string | null;
  readonly assumed: boolean;
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

const AMOUNT_TEXT = /^-?\d+\.\d{2}$/;

const isAssumed = (provenance: RenderedProvenance | null): boolean => provenance?.kind === 'assumed';

export const readableSteps = (steps: readonly RenderedStep[]): ReadableStep[] =>
  steps.map((step) => ({
    index: step.index,
    step: step.key,
    title: step.title,
    explanation: step.text,
    clause: step.provenance?.text ?? null,
    assumed: isAssumed(step.provenance),
    values: step.figures.map((figure) => ({
      key: figure.name,
      label: figure.label,
      // Amounts are grouped the console's way; ratios (rendered as percentages) and codes stay as the ledger wrote them.
      text: AMOUNT_TEXT.test(figure.value) && !figure.text.endsWith('%') ? formatAmount(figure.value) : figure.text,
      source: figure.provenance?.text ?? null,
      assumed: isAssumed(figure.provenance),
    })),
  }));

/** The step that says why this category was applied (就高不就低), if the explanation has one. */
export const categoryReason = (steps: readonly RenderedStep[]): string | null =>
  steps.find((step) => step.key.startsWith('category-choice'))?.text ?? null;

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
