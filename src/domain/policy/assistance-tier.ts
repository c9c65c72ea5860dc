import { floorAtZero, formatYuan, maxYuan, minYuan, parseYuan, roundToFenHalfUp, ZERO, type Yuan } from '../money';
import type { Category } from '../vocabulary';
import { coversKind, resolveCategoryRule, type ResolvedCategoryRule } from './category-rule';
import type { PolicyPack } from './policy-pack';
import { clauseOf } from './provenance';
import type { TraceStep } from './settlement.types';
import type { TierContext } from './tier-context';
import { capText, categoryLabel, roundingValues, traceStep } from './trace';

/**
 * Tier 3, medical assistance (domain contract §2.3). Outpatient and inpatient assistance share one
 * threshold and one cap (Heze §一(五)3, Guizhou §二(二)4), which the person-year's A and paid amounts carry.
 */

export interface AssistanceOutcome {
  readonly amount: Yuan;
  /** a: what basic and critical left of the policy scope (+ 乙类 where included). */
  readonly baseIncrement: Yuan;
  /** True when A advances: the category has a rule covering the claim and the referral rule did not refuse it. */
  readonly advances: boolean;
  /** The applied rule, for re-assistance above the assistance cap (Guizhou). */
  readonly rule: ResolvedCategoryRule | null;
  readonly steps: readonly TraceStep[];
}

const baseIncrementOf = (context: TierContext, critical: Yuan): Yuan => {
  const { facts, pack, basic } = context;
  const included = pack.assistance.includeCategoryBSelfPay ? facts.costs.categoryBSelfPay : ZERO;
  return floorAtZero(facts.policyScope.plus(included).minus(basic).minus(critical));
};

const noAssistance = (baseIncrement: Yuan, explanation: string, clause: string): AssistanceOutcome => ({
  amount: ZERO,
  baseIncrement,
  advances: false,
  rule: null,
  steps: [traceStep('assistance', explanation, clause, { increment: formatYuan(baseIncrement), amount: '0.00' })],
});

/** Where re-assistance shares the assistance cap, both tiers' payments count against it. */
export const assistanceCapUsed = (context: TierContext): Yuan => {
  const { paid } = context.before;
  return context.pack.reassistance.cap === 'sharedWithAssistance' ? paid.assistance.plus(paid.reassistance) : paid.assistance;
};

const isBedDayClaim = (pack: PolicyPack, context: TierContext, category: Category): boolean => {
  const quota = pack.assistance.bedDayQuota;
  const { claim } = context.facts;
  return quota !== undefined && claim.kind === 'INPATIENT' && claim.severeMentalDisorder !== undefined && quota.categories.includes(category);
};

interface Computed {
  readonly exact: Yuan;
  readonly explanation: string;
  readonly values: Record<string, string>;
  readonly clause: string;
}

/** Fumeng §二(二)2: 严重精神障碍患者住院 按病床日定额救助. */
const bedDayAmount = (context: TierContext, increment: Yuan, remaining: Yuan | null): Computed => {
  const quota = context.pack.assistance.bedDayQuota!;
  const bedDays = context.facts.claim.severeMentalDisorder!.bedDays;
  const perDay = parseYuan(quota.amountPerDay, 'assistance.bedDayQuota.amountPerDay');
  const byDays = perDay.times(bedDays);
  const limited = minYuan(byDays, increment);
  return {
    exact: remaining === null ? limited : minYuan(limited, remaining),
    explanation: `The stay is a severe-mental-disorder stay: assistance is ${bedDays} bed days × ${formatYuan(perDay)} per day, at most the base and the cap left.`,
    values: { bedDays: String(bedDays), amountPerDay: formatYuan(perDay), byBedDays: formatYuan(byDays) },
    clause: clauseOf(quota, context.pack.assistance),
  };
};

const ratioAmount = (context: TierContext, rule: ResolvedCategoryRule, increment: Yuan, remaining: Yuan | null): Computed => {
  const annual = context.pack.assistance.basis === 'annual';
  const before = annual ? context.before.assistanceBase : ZERO;
  const after = before.plus(increment);
  const aboveThreshold = maxYuan(ZERO, after.minus(rule.threshold)).minus(maxYuan(ZERO, before.minus(rule.threshold)));
  const payable = aboveThreshold.times(rule.ratio);
  const thresholdConsumed = minYuan(rule.threshold, after).minus(minYuan(rule.threshold, before));
  return {
    exact: remaining === null ? payable : minYuan(payable, remaining),
    explanation:
      `Assistance pays ${rule.ratioText} of the ${annual ? 'cumulative annual' : "this episode's"} base above the threshold ` +
      `${formatYuan(rule.threshold)}, within what is left of the cap.` + rule.notes.map((note) => ` ${note}`).join(''),
    values: {
      basis: annual ? 'annual' : 'episode',
      baseBefore: formatYuan(before),
      baseAfter: formatYuan(after),
      threshold: formatYuan(rule.threshold),
      thresholdConsumed: formatYuan(thresholdConsumed),
      ratio: rule.ratioText,
    },
    clause: rule.clause,
  };
};

const NO_CATEGORY = 'The person holds no identity category: 其他人员不享受医疗救助, so no assistance is paid.';

const exclusion = (context: TierContext, category: Category): { explanation: string; clause: string } | null => {
  const { pack, facts } = context;
  const assistance = pack.assistance;
  const pending = assistance.pending?.[category];
  if (pending) {
    const explanation = `The rules for ${categoryLabel(category)} are not yet written (另行制定): the claim is settled with no assistance.`;
    return { explanation, clause: clauseOf(pending, assistance) };
  }
  const rule = assistance.categories[category];
  if (!rule) return { explanation: `The pack has no assistance rule for ${categoryLabel(category)}, so none is paid.`, clause: clauseOf(assistance) };
  if (!coversKind(rule, facts.claim.kind)) {
    const explanation = `The assistance rule of ${categoryLabel(category)} covers only ${rule.kinds!.join(', ')}, not ${facts.claim.kind}.`;
    return { explanation, clause: clauseOf(rule, assistance) };
  }
  if (context.referralRefusal !== null) return { explanation: context.referralRefusal, clause: clauseOf(assistance.referral, assistance) };
  return null;
};

export const assistanceTier = (context: TierContext, category: Category | null, critical: Yuan): AssistanceOutcome => {
  const increment = baseIncrementOf(context, critical);
  const { pack, facts } = context;
  if (category === null) return noAssistance(increment, NO_CATEGORY, clauseOf(pack.assistance));
  const excluded = exclusion(context, category);
  if (excluded !== null) return noAssistance(increment, excluded.explanation, excluded.clause);
  const rule = resolveCategoryRule(pack, pack.assistance.categories[category]!, facts.year, 'assistance', pack.assistance);
  const used = assistanceCapUsed(context);
  const remaining = rule.cap === null ? null : floorAtZero(rule.cap.minus(used));
  const computed = isBedDayClaim(pack, context, category) ? bedDayAmount(context, increment, remaining) : ratioAmount(context, rule, increment, remaining);
  const amount = roundToFenHalfUp(computed.exact);
  const values = {
    increment: formatYuan(increment),
    ...computed.values,
    cap: capText(rule.cap),
    capUsedBefore: formatYuan(used),
    capRemainingBefore: capText(remaining),
    capRemainingAfter: capText(remaining === null ? null : remaining.minus(amount)),
    ...roundingValues(computed.exact, amount),
  };
  return { amount, baseIncrement: increment, advances: true, rule, steps: [traceStep('assistance', computed.explanation, computed.clause, values)] };
};
