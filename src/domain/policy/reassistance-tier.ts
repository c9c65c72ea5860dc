import { floorAtZero, formatExact, formatYuan, maxYuan, minYuan, roundToFenHalfUp, ZERO, type Yuan } from '../money';
import type { Category } from '../vocabulary';
import { ruleEnded, type AssistanceOutcome } from './assistance-tier';
import { coversKind, resolveCategoryRule, type ResolvedCategoryRule } from './category-rule';
import type { CategoryRule } from './policy-pack';
import type { TraceStep } from './settlement.types';
import type { TierContext } from './tier-context';
import { capText, exactValue, traceStep, withLazySteps } from './trace';

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
  readonly key: string;
  /** The figures of the trace step and why it paid nothing (the threshold, or K, not reached this year): written only for a trace. */
  readonly describe: () => { readonly values: Record<string, string>; readonly limits: readonly TraceStep[] };
}

const NOTHING_TO_DESCRIBE = (): { values: Record<string, string>; limits: readonly TraceStep[] } => ({ values: {}, limits: [] });

const none = (increment: Yuan, key: string, rule: string, values: Record<string, string> = {}): ReassistanceOutcome =>
  withLazySteps({ amount: ZERO, baseIncrement: increment, advances: false }, () => [
    traceStep(`reassistance.none.${key}`, { ...values, increment: formatYuan(increment) }, rule),
  ]);

type Exclusion = { readonly key: string; readonly rule: string; readonly values?: Record<string, string> };

/** The conditions of the re-assistance rule, in the order the trace reports the first one unmet; an unmet one leaves R as it was. */
const exclusion = (context: TierContext, category: Category, rule: CategoryRule): Exclusion | null => {
  const { reassistance } = context.pack;
  const { claim, referenceDate } = context.facts;
  if (context.referralRefusal) return { key: 'referral', rule: 'assistance.referral', values: { location: claim.location } };
  if (!coversKind(rule, claim.kind)) {
    return { key: 'kind', rule: `reassistance.categories.${category}`, values: { category, kinds: rule.kinds!.join(','), kind: claim.kind } };
  }
  if (ruleEnded(rule, referenceDate)) return { key: 'ended', rule: `reassistance.categories.${category}`, values: { category, until: rule.until!, referenceDate } };
  if (reassistance.requiresReferral && !claim.referred) return { key: 'not-referred', rule: 'reassistance' };
  const location = reassistance.location;
  if (location !== undefined && !location.allowed.includes(claim.location)) {
    return { key: 'location', rule: 'reassistance.location', values: { allowed: location.allowed.join(','), location: claim.location } };
  }
  return null;
};

/** The part of an increment (from, from + increment] that lies above a point. */
const portionAbove = (from: Yuan, increment: Yuan, point: Yuan): Yuan =>
  maxYuan(ZERO, from.plus(increment).minus(point)).minus(maxYuan(ZERO, from.minus(point)));

const onRemainder = (context: TierContext, rule: ResolvedCategoryRule, increment: Yuan): Payable => {
  const annual = context.pack.reassistance.basis === 'annual';
  const before = annual ? context.before.reassistanceBase : ZERO;
  const after = before.plus(increment);
  return {
    exact: portionAbove(before, increment, rule.threshold).times(rule.ratio),
    key: annual ? 'reassistance.remainder-annual' : 'reassistance.remainder-episode',
    describe: () => {
      const thresholdConsumed = minYuan(rule.threshold, after).minus(minYuan(rule.threshold, before));
      const notReached = after.lessThanOrEqualTo(rule.threshold) && rule.threshold.greaterThan(0);
      return {
        values: { baseBefore: formatYuan(before), baseAfter: formatYuan(after), threshold: formatYuan(rule.threshold), thresholdConsumed: formatYuan(thresholdConsumed) },
        limits: notReached ? [traceStep('limit.threshold-not-reached', { tier: 'reassistance', threshold: formatYuan(rule.threshold), baseAfter: formatYuan(after) }, rule.path)] : [],
      };
    },
  };
};

const aboveCap = (context: TierContext, rule: ResolvedCategoryRule, assistance: AssistanceOutcome): Payable => {
  const assisted = assistance.rule;
  if (!assistance.advances || assisted === null || assisted.cap === null || assisted.ratio.isZero()) {
    return { exact: ZERO, key: 'reassistance.above-cap-none', describe: NOTHING_TO_DESCRIBE };
  }
  const annual = context.pack.reassistance.basis === 'annual';
  const before = annual ? context.before.assistanceBase : ZERO;
  const after = before.plus(assistance.baseIncrement);
  // K: the assistance base at which the assistance cap is exhausted, T + cap / ratio, plus the re-assistance threshold.
  const exhaustedAt = assisted.threshold.plus(assisted.cap.dividedBy(assisted.ratio)).plus(rule.threshold);
  const cap = assisted.cap;
  return {
    exact: portionAbove(before, assistance.baseIncrement, exhaustedAt).times(rule.ratio),
    key: annual ? 'reassistance.above-cap-annual' : 'reassistance.above-cap-episode',
    describe: () => ({
      values: {
        assistanceThreshold: formatYuan(assisted.threshold),
        assistanceCap: formatYuan(cap),
        assistanceRatio: assisted.ratioText,
        threshold: formatYuan(rule.threshold),
        exhaustedAt: formatExact(exhaustedAt),
        assistanceBaseBefore: formatYuan(before),
        assistanceBaseAfter: formatYuan(after),
      },
      limits: after.lessThanOrEqualTo(exhaustedAt)
        ? [traceStep('limit.below-assistance-cap', { tier: 'reassistance', exhaustedAt: formatExact(exhaustedAt), assistanceBaseAfter: formatYuan(after) }, rule.path)]
        : [],
    }),
  };
};

interface CapState {
  readonly cap: Yuan | null;
  readonly used: Yuan;
  readonly shared: boolean;
  readonly path: string;
}

const capState = (context: TierContext, category: Category, rule: ResolvedCategoryRule, assistance: Yuan): CapState => {
  const { pack, before, facts } = context;
  if (pack.reassistance.cap === 'separate') return { cap: rule.cap, used: before.paid.reassistance, shared: false, path: `${rule.path}.annualCap` };
  const assistanceRule = pack.assistance.categories[category];
  const assistancePath = `assistance.categories.${category}`;
  const cap = assistanceRule ? resolveCategoryRule(pack, assistanceRule, facts.year, 'assistance', pack.assistance, assistancePath).cap : rule.cap;
  const path = assistanceRule ? `${assistancePath}.annualCap` : `${rule.path}.annualCap`;
  return { cap, used: before.paid.assistance.plus(before.paid.reassistance).plus(assistance), shared: true, path };
};

export const reassistanceTier = (context: TierContext, category: Category | null, assistance: AssistanceOutcome): ReassistanceOutcome => {
  const { pack, facts } = context;
  const increment = floorAtZero(assistance.baseIncrement.minus(assistance.amount));
  if (category === null) return none(increment, 'no-category', 'reassistance');
  const ruleText = pack.reassistance.categories[category];
  if (!ruleText) return none(increment, 'no-rule', 'reassistance', { category });
  const excluded = exclusion(context, category, ruleText);
  if (excluded !== null) return none(increment, excluded.key, excluded.rule, excluded.values);
  const path = `reassistance.categories.${category}`;
  const rule = resolveCategoryRule(pack, ruleText, facts.year, 're-assistance', pack.reassistance, path);
  const payable = pack.reassistance.base === 'remainder' ? onRemainder(context, rule, increment) : aboveCap(context, rule, assistance);
  const cap = capState(context, category, rule, assistance.amount);
  const remaining = cap.cap === null ? null : floorAtZero(cap.cap.minus(cap.used));
  // Never more than assistance left of this claim: it binds only when a category change moved K under a paid cap.
  const limited = minYuan(payable.exact, increment);
  const exact = remaining === null ? limited : minYuan(limited, remaining);
  const amount = roundToFenHalfUp(exact);
  return withLazySteps({ amount, baseIncrement: increment, advances: true }, () =>
    reassistanceSteps(category, rule, assistance, { increment, payable, cap, remaining, limited, exact, amount }),
  );
};

interface ReassistanceFigures {
  readonly increment: Yuan;
  readonly payable: Payable;
  readonly cap: CapState;
  readonly remaining: Yuan | null;
  readonly limited: Yuan;
  readonly exact: Yuan;
  readonly amount: Yuan;
}

const reassistanceSteps = (
  category: Category,
  rule: ResolvedCategoryRule,
  assistance: AssistanceOutcome,
  { increment, payable, cap, remaining, limited, exact, amount }: ReassistanceFigures,
): TraceStep[] => {
  const described = payable.describe();
  const values = {
    category,
    increment: formatYuan(increment),
    ...described.values,
    ratio: rule.ratioText,
    cap: capText(cap.cap),
    capShared: cap.shared ? 'with-assistance' : 'separate',
    capUsedBefore: formatYuan(cap.used),
    capRemainingBefore: capText(remaining),
    capRemainingAfter: capText(remaining === null ? null : remaining.minus(amount)),
    ...exactValue(exact, amount),
  };
  const capReached = remaining !== null && limited.greaterThan(remaining);
  const limits = [
    ...described.limits,
    ...(capReached ? [traceStep('limit.cap-reached', { tier: 'reassistance', cap: capText(cap.cap), capRemainingBefore: formatYuan(remaining!) }, cap.path)] : []),
  ];
  const assisted = payable.key.startsWith('reassistance.above-cap-') ? assistance.rule : null;
  const figures: Record<string, string> = assisted
    ? { cap: cap.path, assistanceCap: `${assisted.path}.annualCap`, assistanceRatio: assisted.path, assistanceThreshold: assisted.path }
    : { cap: cap.path };
  const step = traceStep(payable.key, values, rule.path, figures);
  return [...rule.steps, step, ...limits];
};
