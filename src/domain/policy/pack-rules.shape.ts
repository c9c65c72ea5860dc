import { D, type Yuan } from '../money';
import { isStatisticAmount, type Amount, type CategoryRule, type ClaimTable, type CriticalSchedule, type PolicyPack } from './policy-pack';
import type { Category } from '../vocabulary';
import { bounded, entriesOf, problem, type Problems } from './pack-problems';

/**
 * Schema-level rules: the form of every number (amounts, ratios, factors), the order of critical
 * segments and the shape of the tilt. The JSON Schema checks the same forms for YAML packs; these
 * checks also cover packs built in code, which skip the schema, and the comparisons it cannot make.
 */

/** Amounts, ratios and factors alike: the Decimal type of money.ts. */
type Decimal = Yuan;

export const AMOUNT_PATTERN = /^\d{1,15}(\.\d{1,2})?$/;
export const RATIO_PATTERN = /^\d{1,3}(\.\d{1,6})?$/;

/** Parses a non-negative amount written as a decimal string, or reports it and returns null. */
export const amountOf = (value: unknown, path: string, problems: Problems): Decimal | null => {
  if (typeof value === 'string' && AMOUNT_PATTERN.test(value)) return new D(value);
  problem(problems, path, 'amount-format', `amount ${JSON.stringify(value)} must be a non-negative decimal string with at most two decimals`);
  return null;
};

const ratioOf = (value: unknown, path: string, problems: Problems): Decimal | null => {
  if (typeof value === 'string' && RATIO_PATTERN.test(value)) return new D(value);
  problem(problems, path, 'ratio-range', `ratio ${JSON.stringify(value)} must be a non-negative decimal string such as "0.70"`);
  return null;
};

/** A ratio must lie in [0, 1]: nobody is reimbursed more than the bill, nor charged for being helped. */
export const checkRatio = (value: unknown, path: string, problems: Problems): Decimal | null => {
  const ratio = ratioOf(value, path, problems);
  if (ratio && ratio.greaterThan(1)) problem(problems, path, 'ratio-range', `ratio ${String(value)} is greater than 1`);
  return ratio && ratio.greaterThan(1) ? null : ratio;
};

/** Checks a fixed or statistic-based amount; returns the fixed value when it is one. */
const checkAmount = (value: Amount, path: string, problems: Problems): Decimal | null => {
  if (isStatisticAmount(value)) {
    ratioOf(value.factor, `${path}.factor`, problems);
    return null;
  }
  return amountOf(value, path, problems);
};

const checkCap = (value: Amount | null, path: string, problems: Problems): Decimal | null =>
  value === null ? null : checkAmount(value, path, problems);

const describeAmount = (amount: Amount): string =>
  isStatisticAmount(amount) ? `${amount.factor} × ${amount.statistic} (${amount.geography}, previous year)` : amount;

const comparable = (threshold: Amount, cap: Amount): [Decimal, Decimal] | null => {
  const parse = (text: string): Decimal | null => (AMOUNT_PATTERN.test(text) || RATIO_PATTERN.test(text) ? new D(text) : null);
  if (!isStatisticAmount(threshold) && !isStatisticAmount(cap)) {
    const [t, c] = [parse(threshold), parse(cap)];
    return t && c ? [t, c] : null;
  }
  if (isStatisticAmount(threshold) && isStatisticAmount(cap) && threshold.statistic === cap.statistic && threshold.geography === cap.geography) {
    const [t, c] = [parse(threshold.factor), parse(cap.factor)];
    return t && c ? [t, c] : null;
  }
  return null;
};

/**
 * A cap below its threshold is almost always a typo (a missing zero). It is comparable when both are
 * fixed amounts, or both shares of the same statistic (then the factors compare).
 */
const checkCapAboveThreshold = (threshold: Amount, cap: Amount | null, path: string, problems: Problems): void => {
  if (cap === null) return;
  const both = comparable(threshold, cap);
  if (both && both[1].lessThan(both[0])) {
    problem(problems, `${path}.annualCap`, 'cap-below-threshold', `annualCap ${describeAmount(cap)} is below the threshold ${describeAmount(threshold)}`);
  }
};

const checkTable = (table: ClaimTable<string>, path: string, check: (value: string, at: string) => void): void => {
  check(table.default, `${path}.default`);
  bounded(table.rows, `${path}.rows`).forEach((row, index) => check(row.value, `${path}.rows[${index}].value`));
};

export const checkBasicNumbers = (pack: PolicyPack, problems: Problems): void => {
  checkTable(pack.basic.deductible, 'basic.deductible', (value, at) => amountOf(value, at, problems));
  checkTable(pack.basic.ratio, 'basic.ratio', (value, at) => checkRatio(value, at, problems));
  checkCap(pack.basic.annualCap, 'basic.annualCap', problems);
  bounded(pack.basic.diseases?.list, 'basic.diseases.list').forEach((disease, index) => {
    const path = `basic.diseases.list[${index}]`;
    amountOf(disease.deductible, `${path}.deductible`, problems);
    checkRatio(disease.ratio, `${path}.ratio`, problems);
    if (disease.annualCap !== null) amountOf(disease.annualCap, `${path}.annualCap`, problems);
  });
};

const checkSchedule = (schedule: CriticalSchedule, path: string, boundaries: 'absolute' | 'aboveThreshold', problems: Problems): void => {
  const threshold = checkAmount(schedule.threshold, `${path}.threshold`, problems);
  checkCap(schedule.annualCap, `${path}.annualCap`, problems);
  checkCapAboveThreshold(schedule.threshold, schedule.annualCap, path, problems);
  // With absolute boundaries the first edge is an amount of the base and must lie above the threshold;
  // measured from the threshold, any positive edge will do.
  let previous = boundaries === 'absolute' && threshold ? threshold : new D(0);
  const segments = bounded(schedule.segments, `${path}.segments`);
  if (segments.length === 0) problem(problems, `${path}.segments`, 'segment-order', 'a schedule needs at least one segment');
  segments.forEach((segment, index) => {
    const at = `${path}.segments[${index}]`;
    checkRatio(segment.ratio, `${at}.ratio`, problems);
    if (segment.upTo === null) {
      if (index !== segments.length - 1) problem(problems, `${at}.upTo`, 'segment-order', 'only the last segment may be open-ended (upTo: null)');
      return;
    }
    const edge = amountOf(segment.upTo, `${at}.upTo`, problems);
    if (edge && !edge.greaterThan(previous)) {
      problem(problems, `${at}.upTo`, 'segment-order', `segment edge ${edge.toFixed(2)} is not above the previous edge ${previous.toFixed(2)}; edges must increase`);
    }
    if (edge) previous = edge;
  });
};

/** The derived tilt adds its bonus to every standard ratio, so each sum must stay a ratio too. */
const checkDerivedTilt = (pack: PolicyPack, problems: Problems): void => {
  const derive = pack.critical.tilted?.derive;
  if (!derive) return;
  checkRatio(derive.thresholdFactor, 'critical.tilted.derive.thresholdFactor', problems);
  const bonus = checkRatio(derive.ratioBonus, 'critical.tilted.derive.ratioBonus', problems);
  checkCap(derive.annualCap, 'critical.tilted.derive.annualCap', problems);
  if (!bonus) return;
  bounded(pack.critical.standard.segments, 'critical.standard.segments').forEach((segment, index) => {
    const ratio = RATIO_PATTERN.test(segment.ratio) ? new D(segment.ratio) : null;
    if (ratio && ratio.plus(bonus).greaterThan(1)) {
      problem(problems, 'critical.tilted.derive.ratioBonus', 'ratio-range', `standard segment ${index} ratio ${segment.ratio} plus the bonus ${derive.ratioBonus} exceeds 1`);
    }
  });
};

export const checkCriticalShape = (pack: PolicyPack, problems: Problems): void => {
  const { boundaries, standard, tilted } = pack.critical;
  checkSchedule(standard, 'critical.standard', boundaries, problems);
  if (!tilted) return;
  const hasSchedule = tilted.schedule !== undefined;
  const hasDerive = tilted.derive !== undefined;
  if (hasSchedule === hasDerive) {
    problem(problems, 'critical.tilted', 'tilt-shape', `a tilt needs exactly one of schedule (explicit) and derive (from the standard schedule); it has ${hasSchedule ? 'both' : 'neither'}`);
  }
  if (tilted.schedule) checkSchedule(tilted.schedule, 'critical.tilted.schedule', boundaries, problems);
  if (tilted.derive) checkDerivedTilt(pack, problems);
};

export const checkCategoryRuleNumbers = (
  tier: 'assistance' | 'reassistance',
  rules: Readonly<Partial<Record<Category, CategoryRule>>>,
  problems: Problems,
): void => {
  for (const [category, rule] of entriesOf(rules, `${tier}.categories`)) {
    const path = `${tier}.categories.${category}`;
    checkAmount(rule.threshold, `${path}.threshold`, problems);
    checkRatio(rule.ratio, `${path}.ratio`, problems);
    checkCap(rule.annualCap, `${path}.annualCap`, problems);
    checkCapAboveThreshold(rule.threshold, rule.annualCap, path, problems);
  }
};

/** Bed-day amounts, subsidy amounts and percents, monitoring thresholds, statistics and contributions. */
export const checkOtherNumbers = (pack: PolicyPack, problems: Problems): void => {
  const quota = pack.assistance.bedDayQuota;
  if (quota) amountOf(quota.amountPerDay, 'assistance.bedDayQuota.amountPerDay', problems);
  for (const [category, rule] of entriesOf(pack.subsidy.categories, 'subsidy.categories')) {
    const path = `subsidy.categories.${category}`;
    if (rule.kind === 'percent') checkRatio(rule.percent, `${path}.percent`, problems);
    if (rule.kind === 'amount') amountOf(rule.amount, `${path}.amount`, problems);
  }
  bounded(pack.monitoring?.rules, 'monitoring.rules').forEach((rule, index) => amountOf(rule.threshold, `monitoring.rules[${index}].threshold`, problems));
  bounded(pack.statistics, 'statistics').forEach((entry, index) => amountOf(entry.value, `statistics[${index}].value`, problems));
  const contribution = pack.contribution as Readonly<Record<string, unknown>> | undefined;
  for (const [key, value] of entriesOf(contribution, 'contribution')) {
    if (/^\d{4}$/.test(key)) amountOf(value, `contribution.${key}`, problems);
  }
};
