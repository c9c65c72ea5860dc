import { floorAtZero, formatExact, formatYuan, maxYuan, minYuan, roundToFenHalfUp, ZERO, type Yuan } from '../money';
import type { Category } from '../vocabulary';
import type { AssistanceOutcome } from './assistance-tier';
import { coversKind, resolveCategoryRule, type ResolvedCategoryRule } from './category-rule';
import type { CategoryRule } from './policy-pack';
import { clauseOf } from './provenance';
import type { TraceStep } from './settlement.types';
import type { TierContext } from './tier-context';
import { capText, categoryLabel, roundingValues, traceStep } from './trace';

/**
 * Tier 4, re-assistance / tilted assistance (再救助 / 倾斜救助, domain contract §2.4), on one of two
 * bases: `remainder`, what assistance left (Heze, Fumeng, Bozhou), accumulated in R; or
 * `aboveAssistanceCap`, the part of the cumulative assistance base beyond the point K where the
 * assistance cap is exhausted (Guizhou "超出医疗救助限额之上").
 */

export interface ReassistanceOutcome {
  readonly amount: Yuan;
  /** r: what assistance left of this claim's base. */
  readonly baseIncrement: Yuan;
  /** True when R advances. */
  readonly advances: boolean;
  readonly steps: readonly TraceStep[];
}

interface Payable {
  readonly exact: Yuan;
  readonly explanation: string;
  readonly values: Record<string, string>;
}

const none = (increment: Yuan, explanation: string, clause: string): ReassistanceOutcome => ({
  amount: ZERO,
  baseIncrement: increment,
  advances: false,
  steps: [traceStep('reassistance', explanation, clause, { increment: formatYuan(increment), amount: '0.00' })],
});

const exclusion = (context: TierContext, category: Category, rule: CategoryRule): string | null => {
  const { reassistance } = context.pack;
  const { claim } = context.facts;
  if (context.referralRefusal !== null) return context.referralRefusal;
  if (!coversKind(rule, claim.kind)) return `The re-assistance rule of ${categoryLabel(category)} covers only ${rule.kinds!.join(', ')}, not ${claim.kind}.`;
  if (reassistance.requiresReferral && !claim.referred) return 'Re-assistance is paid only on referred claims (规范转诊), and this claim was not referred.';
  return null;
};

/** The part of an increment (from, from + increment] that lies above a point. */
const portionAbove = (from: Yuan, increment: Yuan, point: Yuan): Yuan =>
  maxYuan(ZERO, from.plus(increment).minus(point)).minus(maxYuan(ZERO, from.minus(point)));

const onRemainder = (context: TierContext, rule: ResolvedCategoryRule, increment: Yuan): Payable => {
  const annual = context.pack.reassistance.basis === 'annual';
  const before = annual ? context.before.reassistanceBase : ZERO;
  const thresholdConsumed = minYuan(rule.threshold, before.plus(increment)).minus(minYuan(rule.threshold, before));
  return {
    exact: portionAbove(before, increment, rule.threshold).times(rule.ratio),
    explanation:
      `Re-assistance pays ${rule.ratioText} of what assistance left, ${annual ? 'accumulated over the year' : 'for this episode'}, ` +
      `above the threshold ${formatYuan(rule.threshold)}.`,
    values: { base: 'remainder', basis: annual ? 'annual' : 'episode', baseBefore: formatYuan(before), baseAfter: formatYuan(before.plus(increment)), threshold: formatYuan(rule.threshold), thresholdConsumed: formatYuan(thresholdConsumed) },
  };
};

const aboveCap = (context: TierContext, rule: ResolvedCategoryRule, assistance: AssistanceOutcome): Payable => {
  const assisted = assistance.rule;
  if (!assistance.advances || assisted === null || assisted.cap === null || assisted.ratio.isZero()) {
    const why = 'Re-assistance is paid above the assistance cap, and this claim has no capped assistance rule to be above.';
    return { exact: ZERO, explanation: why, values: { base: 'aboveAssistanceCap' } };
  }
  const annual = context.pack.reassistance.basis === 'annual';
  const before = annual ? context.before.assistanceBase : ZERO;
  // K: the assistance base at which the assistance cap is exhausted, T + cap / ratio, plus the re-assistance threshold.
  const exhaustedAt = assisted.threshold.plus(assisted.cap.dividedBy(assisted.ratio)).plus(rule.threshold);
  return {
    exact: portionAbove(before, assistance.baseIncrement, exhaustedAt).times(rule.ratio),
    explanation:
      `Re-assistance pays ${rule.ratioText} of the ${annual ? 'cumulative' : "episode's"} assistance base above K = ` +
      `${formatYuan(assisted.threshold)} + ${formatYuan(assisted.cap)} / ${assisted.ratioText} + ${formatYuan(rule.threshold)}, where the assistance cap is exhausted.`,
    values: { base: 'aboveAssistanceCap', basis: annual ? 'annual' : 'episode', assistanceBaseBefore: formatYuan(before), assistanceBaseAfter: formatYuan(before.plus(assistance.baseIncrement)), exhaustedAt: formatExact(exhaustedAt) },
  };
};

interface CapState {
  readonly cap: Yuan | null;
  readonly used: Yuan;
  readonly shared: boolean;
}

const capState = (context: TierContext, category: Category, rule: ResolvedCategoryRule, assistance: Yuan): CapState => {
  const { pack, before, facts } = context;
  if (pack.reassistance.cap === 'separate') return { cap: rule.cap, used: before.paid.reassistance, shared: false };
  const assistanceRule = pack.assistance.categories[category];
  const cap = assistanceRule ? resolveCategoryRule(pack, assistanceRule, facts.year, 'assistance', pack.assistance).cap : rule.cap;
  return { cap, used: before.paid.assistance.plus(before.paid.reassistance).plus(assistance), shared: true };
};

export const reassistanceTier = (context: TierContext, category: Category | null, assistance: AssistanceOutcome): ReassistanceOutcome => {
  const { pack, facts } = context;
  const increment = floorAtZero(assistance.baseIncrement.minus(assistance.amount));
  if (category === null) return none(increment, 'The person holds no identity category, so no re-assistance is paid.', clauseOf(pack.reassistance));
  const ruleText = pack.reassistance.categories[category];
  if (!ruleText) return none(increment, `The pack has no re-assistance rule for ${categoryLabel(category)}, so none is paid.`, clauseOf(pack.reassistance));
  const excluded = exclusion(context, category, ruleText);
  if (excluded !== null) return none(increment, excluded, clauseOf(ruleText, pack.reassistance));
  const rule = resolveCategoryRule(pack, ruleText, facts.year, 're-assistance', pack.reassistance);
  const payable = pack.reassistance.base === 'remainder' ? onRemainder(context, rule, increment) : aboveCap(context, rule, assistance);
  const cap = capState(context, category, rule, assistance.amount);
  const remaining = cap.cap === null ? null : floorAtZero(cap.cap.minus(cap.used));
  // Never more than assistance left of this claim: it binds only when a category change moved K under a paid cap.
  const limited = minYuan(payable.exact, increment);
  const exact = remaining === null ? limited : minYuan(limited, remaining);
  const amount = roundToFenHalfUp(exact);
  const values = {
    increment: formatYuan(increment),
    ...payable.values,
    ratio: rule.ratioText,
    cap: capText(cap.cap),
    capShared: cap.shared ? 'with assistance' : 'separate',
    capUsedBefore: formatYuan(cap.used),
    capRemainingBefore: capText(remaining),
    capRemainingAfter: capText(remaining === null ? null : remaining.minus(amount)),
    ...roundingValues(exact, amount),
  };
  const explanation = payable.explanation + rule.notes.map((note) => ` ${note}`).join('');
  return { amount, baseIncrement: increment, advances: true, steps: [traceStep('reassistance', explanation, rule.clause, values)] };
};
