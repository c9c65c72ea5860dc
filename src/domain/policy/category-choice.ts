import { formatYuan, type Yuan } from '../money';
import type { Category } from '../vocabulary';
import { assistanceTier, type AssistanceOutcome } from './assistance-tier';
import { criticalTier, type CriticalOutcome } from './critical-tier';
import { reassistanceTier, type ReassistanceOutcome } from './reassistance-tier';
import type { TraceStep } from './settlement.types';
import type { TierContext } from './tier-context';
import { traceStep } from './trace';

/**
 * 就高不就低, 不重复 (domain contract §1, §2): every category held on the reference date is evaluated
 * against the same accumulators, and the claim is settled under one of them only: the one paying the
 * most critical + assistance + re-assistance, ties by the order of CATEGORIES; or the first held
 * category of the pack's `categoryPriority` when it sets one.
 */

export interface CategoryOutcome {
  readonly category: Category | null;
  readonly critical: CriticalOutcome;
  readonly assistance: AssistanceOutcome;
  readonly reassistance: ReassistanceOutcome;
  /** critical + assistance + reassistance. */
  readonly benefit: Yuan;
}

export interface CategoryChoice {
  readonly chosen: CategoryOutcome;
  /** One per effective category, in the order of CATEGORIES; empty when none is held. */
  readonly evaluations: readonly CategoryOutcome[];
  /** The trace step of the choice, written when a trace is. */
  readonly step: () => TraceStep;
}

export const evaluateCategory = (context: TierContext, category: Category | null): CategoryOutcome => {
  const critical = criticalTier(context, category);
  const assistance = assistanceTier(context, category, critical.amount);
  const reassistance = reassistanceTier(context, category, assistance);
  const benefit = critical.amount.plus(assistance.amount).plus(reassistance.amount);
  return { category, critical, assistance, reassistance, benefit };
};

const bestOf = (evaluations: readonly CategoryOutcome[]): CategoryOutcome =>
  // Evaluations are in CATEGORIES order, so keeping the first of equal benefits is the tie-break.
  evaluations.reduce((best, candidate) => (candidate.benefit.greaterThan(best.benefit) ? candidate : best));

/** Per category evaluated: "critical assistance reassistance" paid under it, space-separated. */
const evaluationValues = (evaluations: readonly CategoryOutcome[]): Record<string, string> =>
  Object.fromEntries(
    evaluations.map((outcome) => [
      outcome.category ?? 'none',
      `${formatYuan(outcome.critical.amount)} ${formatYuan(outcome.assistance.amount)} ${formatYuan(outcome.reassistance.amount)}`,
    ]),
  );

const byPriority = (priority: readonly Category[], evaluations: readonly CategoryOutcome[]): CategoryOutcome | undefined => {
  const first = priority.find((category) => evaluations.some((outcome) => outcome.category === category));
  return evaluations.find((outcome) => outcome.category === first);
};

const isTied = (chosen: CategoryOutcome, evaluations: readonly CategoryOutcome[]): boolean =>
  evaluations.filter((outcome) => outcome.benefit.equals(chosen.benefit)).length > 1;

export const chooseCategory = (context: TierContext): CategoryChoice => {
  const effective = context.facts.categories.effective;
  if (effective.length === 0) {
    const chosen = evaluateCategory(context, null);
    return { chosen, evaluations: [], step: () => traceStep('category-choice.none') };
  }
  const evaluations = effective.map((category) => evaluateCategory(context, category));
  const priority = context.pack.categoryPriority;
  const prioritised = priority === undefined ? undefined : byPriority(priority, evaluations);
  const chosen = prioritised ?? bestOf(evaluations);
  // Written only for a trace: the figures of every category evaluated.
  return { chosen, evaluations, step: () => choiceStep(chosen, evaluations, priority, prioritised) };
};

const choiceStep = (chosen: CategoryOutcome, evaluations: readonly CategoryOutcome[], priority: readonly Category[] | undefined, prioritised: CategoryOutcome | undefined): TraceStep => {
  const values = { chosen: chosen.category!, ...evaluationValues(evaluations) };
  if (prioritised !== undefined) return traceStep('category-choice.priority', { ...values, priority: priority!.join(',') }, 'categoryPriority');
  const key =
    evaluations.length === 1 ? 'category-choice.only' : isTied(chosen, evaluations) ? 'category-choice.best-tied' : 'category-choice.best';
  const notListed: Record<string, string> = priority !== undefined ? { priority: priority.join(','), priorityUnmatched: 'true' } : {};
  return traceStep(key, { ...values, ...notListed });
};
