import { formatYuan, type Yuan } from '../money';
import type { Category } from '../vocabulary';
import { assistanceTier, type AssistanceOutcome } from './assistance-tier';
import { criticalTier, type CriticalOutcome } from './critical-tier';
import { reassistanceTier, type ReassistanceOutcome } from './reassistance-tier';
import type { TraceStep } from './settlement.types';
import type { TierContext } from './tier-context';
import { categoryLabel, traceStep } from './trace';

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
  readonly step: TraceStep;
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

const evaluationValues = (evaluations: readonly CategoryOutcome[]): Record<string, string> =>
  Object.fromEntries(
    evaluations.map((outcome) => [
      outcome.category ?? 'none',
      `critical ${formatYuan(outcome.critical.amount)} + assistance ${formatYuan(outcome.assistance.amount)} + ` +
        `re-assistance ${formatYuan(outcome.reassistance.amount)} = ${formatYuan(outcome.benefit)}`,
    ]),
  );

const byPriority = (priority: readonly Category[], evaluations: readonly CategoryOutcome[]): CategoryOutcome | undefined => {
  const first = priority.find((category) => evaluations.some((outcome) => outcome.category === category));
  return evaluations.find((outcome) => outcome.category === first);
};

const tieNote = (chosen: CategoryOutcome, evaluations: readonly CategoryOutcome[]): string => {
  const tied = evaluations.filter((outcome) => outcome.benefit.equals(chosen.benefit)).length > 1;
  return tied ? ', tied with another category and first in the order of the categories table.' : '.';
};

export const chooseCategory = (context: TierContext): CategoryChoice => {
  const effective = context.facts.categories.effective;
  if (effective.length === 0) {
    const chosen = evaluateCategory(context, null);
    const why = 'The person holds no identity category on the reference date: the standard schedule applies and no assistance is due.';
    return { chosen, evaluations: [], step: traceStep('category-choice', why) };
  }
  const evaluations = effective.map((category) => evaluateCategory(context, category));
  const priority = context.pack.categoryPriority;
  const prioritised = priority === undefined ? undefined : byPriority(priority, evaluations);
  const chosen = prioritised ?? bestOf(evaluations);
  const why =
    prioritised !== undefined
      ? `The pack fixes a category priority (${priority!.join(' > ')}): ${categoryLabel(chosen.category)} is the first one held.`
      : `就高不就低: ${categoryLabel(chosen.category)} pays the most, ${formatYuan(chosen.benefit)} of critical, assistance and re-assistance` +
        (evaluations.length === 1 ? '; it is the only category held.' : tieNote(chosen, evaluations)) +
        (priority !== undefined ? ' No held category is in the pack priority list, so the best-paying one applies.' : '');
  return { chosen, evaluations, step: traceStep('category-choice', `${why} Only its rules apply to this claim.`, undefined, evaluationValues(evaluations)) };
};
