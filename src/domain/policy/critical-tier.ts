import { floorAtZero, formatYuan, minYuan, roundToFenHalfUp, ZERO, type Yuan } from '../money';
import type { Category } from '../vocabulary';
import { payableUpTo, scheduleFor, segmentPortions, type ResolvedSchedule } from './critical-schedule';
import { SettlementRefused, type TraceStep } from './settlement.types';
import type { TierContext } from './tier-context';
import { capText, exactValue, traceStep, withLazySteps } from './trace';

/**
 * Tier 2, critical-illness insurance (domain contract §2.2): on the cumulative base B,
 * critical = min(f(B + b) − f(B), remaining(cap)), so the threshold is deducted once a year
 * (累计计算、分段报销、按次结算).
 */

export interface CriticalOutcome {
  readonly amount: Yuan;
  /** b: what this claim adds to B. */
  readonly baseIncrement: Yuan;
  readonly steps: readonly TraceStep[];
}

const baseIncrementOf = (context: TierContext): Yuan => {
  const { facts, pack, basic } = context;
  const included = pack.critical.includeCategoryBSelfPay ? facts.costs.categoryBSelfPay : ZERO;
  return floorAtZero(facts.policyScope.plus(included).minus(basic));
};

const adjudicatedCritical = (context: TierContext, amount: Yuan, increment: Yuan): CriticalOutcome => {
  if (amount.greaterThan(increment)) {
    throw new SettlementRefused('INVALID_CLAIM', `adjudicated critical ${formatYuan(amount)} exceeds what basic left of the policy scope, ${formatYuan(increment)}`);
  }
  const before = context.before.criticalBase;
  const values = { adjudicated: formatYuan(amount), baseBefore: formatYuan(before), increment: formatYuan(increment), baseAfter: formatYuan(before.plus(increment)) };
  return { amount, baseIncrement: increment, steps: [traceStep('critical.adjudicated', values)] };
};

/** Each segment the increment reached: "index:lower-upper@ratio=portion", upper "" when open-ended, joined by ";". */
const segmentValues = (schedule: ResolvedSchedule, from: Yuan, to: Yuan): { text: string; figures: Record<string, string> } => {
  const parts = segmentPortions(schedule.segments, from, to).map(({ segment, portion }) => ({ index: schedule.segments.indexOf(segment), segment, portion }));
  return {
    text: parts
      .map(({ index, segment, portion }) => `${index}:${formatYuan(segment.lower)}-${segment.upper === null ? '' : formatYuan(segment.upper)}@${segment.ratio.toString()}=${formatYuan(portion)}`)
      .join(';'),
    figures: Object.fromEntries(parts.map(({ index }) => [`segment${index}`, `${schedule.segmentsPath}.${index}`])),
  };
};

const tiltValues = (schedule: ResolvedSchedule): Record<string, string> => {
  const { tilt } = schedule;
  if (tilt.tilted) return { tiltCategory: tilt.category, ...(tilt.until === null ? {} : { tiltUntil: tilt.until }) };
  return {};
};

/** Why the tier paid nothing or less: the threshold not yet reached this year, the annual cap reached, a tilt that ended. */
const limitSteps = (schedule: ResolvedSchedule, baseAfter: Yuan, payable: Yuan, remaining: Yuan | null): TraceStep[] => {
  const steps: TraceStep[] = [];
  const { tilt } = schedule;
  if (!tilt.tilted && tilt.ended) steps.push(traceStep('limit.rule-ended', { tier: 'critical', category: tilt.ended.category, until: tilt.ended.until }, tilt.ended.rule));
  if (baseAfter.lessThanOrEqualTo(schedule.threshold)) {
    steps.push(traceStep('limit.threshold-not-reached', { tier: 'critical', threshold: formatYuan(schedule.threshold), baseAfter: formatYuan(baseAfter) }, schedule.thresholdPath));
  }
  if (remaining !== null && payable.greaterThan(remaining)) {
    steps.push(traceStep('limit.cap-reached', { tier: 'critical', cap: capText(schedule.cap), capRemainingBefore: formatYuan(remaining) }, schedule.capPath));
  }
  return steps;
};

export const criticalTier = (context: TierContext, category: Category | null): CriticalOutcome => {
  const increment = baseIncrementOf(context);
  const adjudicated = context.facts.adjudicated.critical;
  if (adjudicated !== null) return adjudicatedCritical(context, adjudicated, increment);
  const { facts, pack, before } = context;
  const schedule = scheduleFor(pack, category, facts.referenceDate, facts.year);
  const baseBefore = before.criticalBase;
  const baseAfter = baseBefore.plus(increment);
  const payable = payableUpTo(schedule.segments, baseAfter).minus(payableUpTo(schedule.segments, baseBefore));
  const remaining = schedule.cap === null ? null : floorAtZero(schedule.cap.minus(before.paid.critical));
  const exact = remaining === null ? payable : minYuan(payable, remaining);
  const amount = roundToFenHalfUp(exact);
  return withLazySteps({ amount, baseIncrement: increment }, () => criticalSteps(schedule, { baseBefore, increment, baseAfter, payable, remaining, exact, amount }));
};

interface CriticalFigures {
  readonly baseBefore: Yuan;
  readonly increment: Yuan;
  readonly baseAfter: Yuan;
  readonly payable: Yuan;
  readonly remaining: Yuan | null;
  readonly exact: Yuan;
  readonly amount: Yuan;
}

const criticalSteps = (schedule: ResolvedSchedule, { baseBefore, increment, baseAfter, payable, remaining, exact, amount }: CriticalFigures): TraceStep[] => {
  const thresholdConsumed = minYuan(schedule.threshold, baseAfter).minus(minYuan(schedule.threshold, baseBefore));
  const segments = segmentValues(schedule, baseBefore, baseAfter);
  const values = {
    ...tiltValues(schedule),
    baseBefore: formatYuan(baseBefore),
    increment: formatYuan(increment),
    baseAfter: formatYuan(baseAfter),
    threshold: formatYuan(schedule.threshold),
    thresholdConsumed: formatYuan(thresholdConsumed),
    ...(segments.text === '' ? {} : { segments: segments.text }),
    cap: capText(schedule.cap),
    capRemainingBefore: capText(remaining),
    capRemainingAfter: capText(remaining === null ? null : remaining.minus(amount)),
    ...exactValue(exact, amount),
  };
  const figures = { threshold: schedule.thresholdPath, cap: schedule.capPath, ...segments.figures, ...(schedule.tilt.tilted ? { tiltCategory: schedule.tilt.rule } : {}) };
  const step = traceStep(`critical.${schedule.schedule}`, values, schedule.rule, figures);
  return [...schedule.steps, step, ...limitSteps(schedule, baseAfter, payable, remaining)];
};
