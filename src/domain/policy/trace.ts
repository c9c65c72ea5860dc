import { formatExact, formatYuan, type Yuan } from '../money';
import { CATEGORY_NAMES_ZH, type Category } from '../vocabulary';
import type { Settlement, TraceStep } from './settlement.types';

/**
 * The settlement trace: one step per decision, each with a full-sentence explanation, the clause it
 * rests on and the numbers it used. `formatTrace` renders it as numbered lines for an inspector.
 */

export const traceStep = (
  step: string,
  explanation: string,
  clause?: string,
  values?: Readonly<Record<string, string>>,
): TraceStep => ({
  step,
  explanation,
  ...(clause === undefined ? {} : { clause }),
  ...(values === undefined ? {} : { values }),
});

/** A cap as the trace writes it. */
export const capText = (cap: Yuan | null): string => (cap === null ? 'none' : formatYuan(cap));

/** The one rounding of a tier, as the trace records it: the exact amount and the rounded one. */
export const roundingValues = (exact: Yuan, rounded: Yuan): Record<string, string> => ({
  exact: formatExact(exact),
  rounded: formatYuan(rounded),
  rounding: 'to 0.01 yuan, ROUND_HALF_UP',
});

export const categoryLabel = (category: Category | null): string =>
  category === null ? 'no category' : `${CATEGORY_NAMES_ZH[category]} (${category})`;

const formatValues = (values: Readonly<Record<string, string>>): string =>
  Object.entries(values)
    .map(([key, value]) => `${key} = ${value}`)
    .join('; ');

const formatStep = (step: TraceStep, index: number): string[] => {
  const lines = [`${index + 1}. [${step.step}] ${step.explanation}`];
  if (step.clause !== undefined) lines.push(`   clause: ${step.clause}`);
  if (step.values !== undefined && Object.keys(step.values).length > 0) lines.push(`   values: ${formatValues(step.values)}`);
  return lines;
};

/** Numbered lines: a heading with the outcome, then every step with its clause and numbers. */
export const formatTrace = (settlement: Settlement): string => {
  const { policy, payouts } = settlement;
  const heading = [
    `Settlement under ${policy.region} revision ${policy.revision} (content hash ${policy.hash}), ` +
      `reference date ${settlement.referenceDate}, benefit year ${settlement.year}.`,
    `Held: ${settlement.heldCategories.map(categoryLabel).join(', ') || 'none'}; applied: ${categoryLabel(settlement.appliedCategory)}.`,
    `Policy scope ${settlement.policyScope}; basic ${payouts.basic}, critical ${payouts.critical}, assistance ${payouts.assistance}, ` +
      `re-assistance ${payouts.reassistance}; out of pocket ${settlement.outOfPocket}.`,
  ];
  return [...heading, ...settlement.trace.flatMap(formatStep)].join('\n');
};
