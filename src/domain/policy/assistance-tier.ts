import { compareIsoDates } from '../iso-date';
import { floorAtZero, formatYuan, maxYuan, minYuan, parseYuan, roundToFenHalfUp, ZERO, type Yuan } from '../money';
import type { Category } from '../vocabulary';
import { coversKind, resolveCategoryRule, type ResolvedCategoryRule } from './category-rule';
import type { PolicyPack } from './policy-pack';
import type { TraceStep } from './settlement.types';
import type { TierContext } from './tier-context';
import { capText, exactValue, traceStep, withLazySteps } from './trace';

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

const noAssistance = (baseIncrement: Yuan, key: string, rule: string, values: Record<string, string> = {}): AssistanceOutcome =>
  withLazySteps({ amount: ZERO, baseIncrement, advances: false, rule: null }, () => [
    traceStep(`assistance.none.${key}`, { ...values, increment: formatYuan(baseIncrement) }, rule),
  ]);

/** Heze §一(四): a rule that holds only 脱贫攻坚过渡期内 ends on its `until` date. */
export const ruleEnded = (rule: { readonly until?: string }, referenceDate: string): boolean =>
  rule.until !== undefined && compareIsoDates(referenceDate, rule.until) > 0;

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
  /** What the rule would pay before the cap. */
  readonly payable: Yuan;
  readonly key: string;
  readonly rule: string;
  /** The figures of the trace step and why it paid nothing (the threshold not reached this year, ratio rules only): written only for a trace. */
  readonly describe: () => { readonly values: Record<string, string>; readonly limits: readonly TraceStep[] };
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
    payable: limited,
    key: 'assistance.bed-days',
    rule: 'assistance.bedDayQuota',
    describe: () => ({ values: { bedDays: String(bedDays), amountPerDay: formatYuan(perDay), byBedDays: formatYuan(byDays) }, limits: [] }),
  };
};

const ratioAmount = (context: TierContext, rule: ResolvedCategoryRule, increment: Yuan, remaining: Yuan | null): Computed => {
  const annual = context.pack.assistance.basis === 'annual';
  const before = annual ? context.before.assistanceBase : ZERO;
  const after = before.plus(increment);
  const aboveThreshold = maxYuan(ZERO, after.minus(rule.threshold)).minus(maxYuan(ZERO, before.minus(rule.threshold)));
  const payable = aboveThreshold.times(rule.ratio);
  return {
    exact: remaining === null ? payable : minYuan(payable, remaining),
    payable,
    key: annual ? 'assistance.annual' : 'assistance.episode',
    rule: rule.path,
    describe: () => {
      const thresholdConsumed = minYuan(rule.threshold, after).minus(minYuan(rule.threshold, before));
      const notReached = after.lessThanOrEqualTo(rule.threshold) && rule.threshold.greaterThan(0);
      return {
        values: {
          baseBefore: formatYuan(before),
          baseAfter: formatYuan(after),
          threshold: formatYuan(rule.threshold),
          thresholdConsumed: formatYuan(thresholdConsumed),
          ratio: rule.ratioText,
        },
        limits: notReached ? [traceStep('limit.threshold-not-reached', { tier: 'assistance', threshold: formatYuan(rule.threshold), baseAfter: formatYuan(after) }, rule.path)] : [],
      };
    },
  };
};

type Exclusion = { readonly key: string; readonly rule: string; readonly values?: Record<string, string> };

const exclusion = (context: TierContext, category: Category): Exclusion | null => {
  const { pack, facts } = context;
  const assistance = pack.assistance;
  if (assistance.pending?.[category]) return { key: 'pending', rule: `assistance.pending.${category}`, values: { category } };
  const rule = assistance.categories[category];
  if (!rule) return { key: 'no-rule', rule: 'assistance', values: { category } };
  if (!coversKind(rule, facts.claim.kind)) {
    return { key: 'kind', rule: `assistance.categories.${category}`, values: { category, kinds: rule.kinds!.join(','), kind: facts.claim.kind } };
  }
  if (ruleEnded(rule, facts.referenceDate)) {
    return { key: 'ended', rule: `assistance.categories.${category}`, values: { category, until: rule.until!, referenceDate: facts.referenceDate } };
  }
  if (context.referralRefusal) return { key: 'referral', rule: 'assistance.referral', values: { location: facts.claim.location } };
  return null;
};

export const assistanceTier = (context: TierContext, category: Category | null, critical: Yuan): AssistanceOutcome => {
  const increment = baseIncrementOf(context, critical);
  const { pack, facts } = context;
  if (category === null) return noAssistance(increment, 'no-category', 'assistance');
  const excluded = exclusion(context, category);
  if (excluded !== null) return noAssistance(increment, excluded.key, excluded.rule, excluded.values);
  const path = `assistance.categories.${category}`;
  const rule = resolveCategoryRule(pack, pack.assistance.categories[category]!, facts.year, 'assistance', pack.assistance, path);
  const used = assistanceCapUsed(context);
  const remaining = rule.cap === null ? null : floorAtZero(rule.cap.minus(used));
  const computed = isBedDayClaim(pack, context, category) ? bedDayAmount(context, increment, remaining) : ratioAmount(context, rule, increment, remaining);
  const amount = roundToFenHalfUp(computed.exact);
  return withLazySteps({ amount, baseIncrement: increment, advances: true, rule }, () => assistanceSteps(context, category, rule, { increment, used, remaining, computed, amount }));
};

interface AssistanceFigures {
  readonly increment: Yuan;
  readonly used: Yuan;
  readonly remaining: Yuan | null;
  readonly computed: Computed;
  readonly amount: Yuan;
}

const assistanceSteps = (context: TierContext, category: Category, rule: ResolvedCategoryRule, { increment, used, remaining, computed, amount }: AssistanceFigures): TraceStep[] => {
  const { pack } = context;
  const path = `assistance.categories.${category}`;
  const described = computed.describe();
  const values = {
    category,
    increment: formatYuan(increment),
    ...described.values,
    cap: capText(rule.cap),
    ...(pack.reassistance.cap === 'sharedWithAssistance' ? { capShared: 'with-reassistance' } : {}),
    capUsedBefore: formatYuan(used),
    capRemainingBefore: capText(remaining),
    capRemainingAfter: capText(remaining === null ? null : remaining.minus(amount)),
    ...exactValue(computed.exact, amount),
  };
  const capReached = remaining !== null && computed.payable.greaterThan(remaining);
  const limits = [
    ...described.limits,
    ...(capReached ? [traceStep('limit.cap-reached', { tier: 'assistance', cap: capText(rule.cap), capRemainingBefore: formatYuan(remaining!) }, `${path}.annualCap`)] : []),
  ];
  const step = traceStep(computed.key, values, computed.rule, { cap: `${path}.annualCap` });
  return [...rule.steps, step, ...limits];
};
