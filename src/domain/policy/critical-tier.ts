import { floorAtZero, formatYuan, minYuan, roundToFenHalfUp, ZERO, type Yuan } from '../money';
import type { Category } from '../vocabulary';
import { payableUpTo, scheduleFor, segmentPortions, type ResolvedSchedule } from './critical-schedule';
import { SettlementRefused, type TraceStep } from './settlement.types';
import type { TierContext } from './tier-context';
import { capText, roundingValues, traceStep } from './trace';

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
  const explanation =
    `Critical-illness insurance was adjudicated elsewhere: ${formatYuan(amount)} is recorded as paid, not computed; ` +
    `the base B still advances by ${formatYuan(increment)}.`;
  const values = { adjudicated: formatYuan(amount), baseBefore: formatYuan(before), increment: formatYuan(increment), baseAfter: formatYuan(before.plus(increment)) };
  return { amount, baseIncrement: increment, steps: [traceStep('critical', explanation, 'adjudicated', values)] };
};

const describeSegments = (schedule: ResolvedSchedule, from: Yuan, to: Yuan): string =>
  segmentPortions(schedule.segments, from, to)
    .map(({ segment, portion }) => `${formatYuan(segment.lower)}–${segment.upper === null ? '∞' : formatYuan(segment.upper)} @ ${segment.ratio.toString()}: ${formatYuan(portion)}`)
    .join(', ') || 'none';

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
  const thresholdConsumed = minYuan(schedule.threshold, baseAfter).minus(minYuan(schedule.threshold, baseBefore));
  const explanation =
    `Critical illness uses the ${schedule.name} schedule: threshold ${formatYuan(schedule.threshold)} deducted once a year from the ` +
    `cumulative base, then each segment's ratio on the part of the increment inside it, within the annual cap.` +
    schedule.notes.map((note) => ` ${note}`).join('');
  const values = {
    baseBefore: formatYuan(baseBefore),
    increment: formatYuan(increment),
    baseAfter: formatYuan(baseAfter),
    threshold: formatYuan(schedule.threshold),
    thresholdConsumed: formatYuan(thresholdConsumed),
    segments: describeSegments(schedule, baseBefore, baseAfter),
    cap: capText(schedule.cap),
    capRemainingBefore: capText(remaining),
    capRemainingAfter: capText(remaining === null ? null : remaining.minus(amount)),
    ...roundingValues(exact, amount),
  };
  return { amount, baseIncrement: increment, steps: [traceStep('critical', explanation, schedule.clause, values)] };
};
