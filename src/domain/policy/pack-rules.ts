import { D, type Yuan } from '../money';
import { isCategory, type Category } from '../vocabulary';
import {
  isStatisticAmount,
  type Amount,
  type CategoryRule,
  type ClaimTable,
  type CriticalSchedule,
  type PolicyPack,
  type Provenance,
} from './policy-pack';

/**
 * The semantic rules of a policy pack: what the JSON Schema cannot say. The loader runs them after the
 * schema has accepted the shape and normalised every amount and ratio to a decimal string, but they are
 * pure and total, so a pack built in code (a scenario's inline pack, a test) is checked the same way.
 * Each problem names the path inside the pack, the rule broken and a sentence an operator can act on.
 */

export type PackRule =
  | 'amount-format'
  | 'ratio-range'
  | 'factor-range'
  | 'segment-order'
  | 'cap-below-threshold'
  | 'unknown-category'
  | 'alias'
  | 'unknown-group'
  | 'empty-population'
  | 'provenance'
  | 'unknown-document'
  | 'effective-period'
  | 'tilt-shape'
  | 'unknown-statistic'
  | 'duplicate-id'
  | 'benefit-years'
  | 'pending-conflict'
  | 'revision-overlap'
  | 'duplicate-revision'
  | 'unknown-correction';

export interface PackProblem {
  /** Where in the pack, in dotted form: "assistance.categories.SUBSISTENCE.ratio", "statistics[2].value". */
  readonly path: string;
  readonly rule: PackRule;
  readonly message: string;
}

/** An object that must say where its values come from, with its path in the pack. */
export interface RuleObject {
  readonly path: string;
  readonly value: Provenance;
}

type Problems = PackProblem[];
/** Amounts, ratios and factors alike: the Decimal type of money.ts. */
type Decimal = Yuan;

const problem = (problems: Problems, path: string, rule: PackRule, message: string): void => {
  problems.push({ path, rule, message });
};

/** Upper bound on any list inside a pack; the schema enforces smaller ones, this guards packs built in code. */
const MAX_ITEMS = 1000;

const bounded = <T>(items: readonly T[] | undefined, path: string): readonly T[] => {
  const list = items ?? [];
  if (list.length > MAX_ITEMS) throw new RangeError(`${path} has ${list.length} items, more than ${MAX_ITEMS}`);
  return list;
};

const entriesOf = <T>(record: Readonly<Partial<Record<string, T>>> | undefined, path: string): Array<[string, T]> => {
  const entries = Object.entries(record ?? {}).filter((entry): entry is [string, T] => entry[1] !== undefined);
  return bounded(entries, path) as Array<[string, T]>;
};

/** Checks one pack; an empty list means it may be published. */
export const validatePackRules = (pack: PolicyPack): PackProblem[] => {
  const problems: Problems = [];
  checkPeriod(pack, problems);
  checkCategories(pack, problems);
  checkAliases(pack, problems);
  checkGroups(pack, problems);
  checkProvenance(pack, problems);
  checkBasic(pack, problems);
  checkCritical(pack, problems);
  checkCategoryRules('assistance', pack.assistance.categories, problems);
  checkCategoryRules('reassistance', pack.reassistance.categories, problems);
  checkAssistanceExtras(pack, problems);
  checkSubsidy(pack, problems);
  checkMonitoring(pack, problems);
  checkStatistics(pack, problems);
  checkContribution(pack, problems);
  return problems;
};

// ---------------------------------------------------------------------------------------------
// Dates and period

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

const daysInMonth = (year: number, month: number): number => {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
};

/** A calendar date check without `Date`, so that the domain never touches the clock or time zones. */
export const isIsoDate = (text: unknown): text is string => {
  const match = typeof text === 'string' ? DATE_PATTERN.exec(text) : null;
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
};

const checkPeriod = (pack: PolicyPack, problems: Problems): void => {
  if (!isIsoDate(pack.effectiveFrom)) {
    problem(problems, 'effectiveFrom', 'effective-period', `effectiveFrom ${JSON.stringify(pack.effectiveFrom)} is not a calendar date (YYYY-MM-DD)`);
    return;
  }
  if (pack.effectiveTo === null) return;
  if (!isIsoDate(pack.effectiveTo)) {
    problem(problems, 'effectiveTo', 'effective-period', `effectiveTo ${JSON.stringify(pack.effectiveTo)} is not a calendar date (YYYY-MM-DD) or null`);
  } else if (pack.effectiveTo < pack.effectiveFrom) {
    problem(problems, 'effectiveTo', 'effective-period', `effectiveTo ${pack.effectiveTo} is before effectiveFrom ${pack.effectiveFrom}`);
  }
};

// ---------------------------------------------------------------------------------------------
// Categories, aliases, groups

/** Every place a category code may appear, with its path; keys of category-keyed maps included. */
const categoryMentions = (pack: PolicyPack): Array<[string, unknown]> => {
  const mentions: Array<[string, unknown]> = [];
  const list = (path: string, items: readonly unknown[] | undefined): void => {
    bounded(items, path).forEach((item, index) => mentions.push([`${path}[${index}]`, item]));
  };
  const keys = (path: string, record: object | undefined): void => {
    Object.keys(record ?? {}).forEach((key) => mentions.push([`${path}.${key}`, key]));
  };
  entriesOf(pack.categoryAliases, 'categoryAliases').forEach(([from, to]) => {
    mentions.push([`categoryAliases.${from}`, from], [`categoryAliases.${from}`, to]);
  });
  list('categoryPriority', pack.categoryPriority);
  entriesOf(pack.groups, 'groups').forEach(([name, members]) => list(`groups.${name}`, members));
  list('basic.continuousDeductible.categories', pack.basic.continuousDeductible?.categories);
  list('basic.waiveOutOfAreaFirstSelfPay.categories', pack.basic.waiveOutOfAreaFirstSelfPay?.categories);
  list('critical.tilted.categories', pack.critical.tilted?.categories);
  bounded(pack.critical.tilted?.transitional, 'critical.tilted.transitional').forEach((entry, index) =>
    mentions.push([`critical.tilted.transitional[${index}].category`, entry.category]),
  );
  keys('assistance.categories', pack.assistance.categories);
  keys('assistance.pending', pack.assistance.pending);
  list('assistance.bedDayQuota.categories', pack.assistance.bedDayQuota?.categories);
  keys('reassistance.categories', pack.reassistance.categories);
  keys('subsidy.categories', pack.subsidy.categories);
  bounded(pack.monitoring?.rules, 'monitoring.rules').forEach((rule, index) =>
    list(`monitoring.rules[${index}].population.categories`, rule.population.categories),
  );
  list('oneTimeAssistance.categories', pack.oneTimeAssistance?.categories);
  return mentions;
};

const checkCategories = (pack: PolicyPack, problems: Problems): void => {
  for (const [path, value] of categoryMentions(pack)) {
    if (!isCategory(value)) problem(problems, path, 'unknown-category', `unknown category ${JSON.stringify(value)}; expected one of the codes in src/domain/vocabulary.ts`);
  }
};

/**
 * Claims and enrollments are settled under the category after aliasing (domain contract §2), so a rule
 * keyed by an aliased category could never apply: it is refused rather than silently ignored.
 */
const checkAliases = (pack: PolicyPack, problems: Problems): void => {
  const aliases = entriesOf(pack.categoryAliases, 'categoryAliases');
  const aliased = new Set(aliases.map(([from]) => from));
  for (const [from, to] of aliases) {
    if (from === to) problem(problems, `categoryAliases.${from}`, 'alias', `${from} is aliased to itself`);
    if (aliased.has(to)) problem(problems, `categoryAliases.${from}`, 'alias', `${from} is aliased to ${to}, which is itself an alias; alias directly to the final category`);
  }
  const ruleKeys: Array<[string, readonly string[]]> = [
    ['assistance.categories', Object.keys(pack.assistance.categories)],
    ['reassistance.categories', Object.keys(pack.reassistance.categories)],
    ['subsidy.categories', Object.keys(pack.subsidy.categories)],
    ['critical.tilted.categories', pack.critical.tilted?.categories ?? []],
    ['categoryPriority', pack.categoryPriority ?? []],
  ];
  for (const [path, keys] of ruleKeys) {
    keys.filter((key) => aliased.has(key)).forEach((key) =>
      problem(problems, `${path}.${key}`, 'alias', `${key} is an alias of ${pack.categoryAliases?.[key as Category]}, so a rule for ${key} would never apply`),
    );
  }
};

const checkGroups = (pack: PolicyPack, problems: Problems): void => {
  const groups = new Set(Object.keys(pack.groups ?? {}));
  bounded(pack.monitoring?.rules, 'monitoring.rules').forEach((rule, index) => {
    const path = `monitoring.rules[${index}].population`;
    bounded(rule.population.groups, `${path}.groups`).forEach((group, position) => {
      if (!groups.has(group)) problem(problems, `${path}.groups[${position}]`, 'unknown-group', `unknown group ${JSON.stringify(group)}; declare it under groups`);
    });
    const { categories, groups: named, others } = rule.population;
    if (!others && (categories ?? []).length === 0 && (named ?? []).length === 0) {
      problem(problems, path, 'empty-population', 'the population names no category, no group and not others: the rule could never apply');
    }
  });
};

// ---------------------------------------------------------------------------------------------
// Provenance

const categoryRuleObjects = (path: string, record: Readonly<Partial<Record<Category, Provenance>>> | undefined): RuleObject[] =>
  entriesOf(record, path).map(([category, value]) => ({ path: `${path}.${category}`, value }));

const optional = (path: string, value: Provenance | undefined): RuleObject[] => (value ? [{ path, value }] : []);

const scheduleObjects = (path: string, schedule: CriticalSchedule | undefined): RuleObject[] => optional(path, schedule);

/**
 * Every object that states a rule and must therefore say where it comes from. Tables, table rows and
 * critical segments may carry their own provenance but inherit the enclosing rule's when they do not.
 */
export const listRuleObjects = (pack: PolicyPack): RuleObject[] => {
  const tilt = pack.critical.tilted;
  return [
    ...optional('contribution', pack.contribution),
    { path: 'basic', value: pack.basic },
    ...optional('basic.continuousDeductible', pack.basic.continuousDeductible),
    ...optional('basic.waiveOutOfAreaFirstSelfPay', pack.basic.waiveOutOfAreaFirstSelfPay),
    { path: 'critical', value: pack.critical },
    { path: 'critical.standard', value: pack.critical.standard },
    ...optional('critical.tilted', tilt),
    ...scheduleObjects('critical.tilted.schedule', tilt?.schedule),
    ...optional('critical.tilted.derive', tilt?.derive),
    ...bounded(tilt?.transitional, 'critical.tilted.transitional').map((value, index) => ({ path: `critical.tilted.transitional[${index}]`, value })),
    { path: 'assistance', value: pack.assistance },
    { path: 'assistance.referral', value: pack.assistance.referral },
    ...categoryRuleObjects('assistance.categories', pack.assistance.categories),
    ...categoryRuleObjects('assistance.pending', pack.assistance.pending),
    ...optional('assistance.bedDayQuota', pack.assistance.bedDayQuota),
    { path: 'reassistance', value: pack.reassistance },
    ...categoryRuleObjects('reassistance.categories', pack.reassistance.categories),
    { path: 'subsidy', value: pack.subsidy },
    ...categoryRuleObjects('subsidy.categories', pack.subsidy.categories),
    ...optional('monitoring', pack.monitoring),
    ...bounded(pack.monitoring?.rules, 'monitoring.rules').map((value, index) => ({ path: `monitoring.rules[${index}]`, value })),
    ...bounded(pack.statistics, 'statistics').map((value, index) => ({ path: `statistics[${index}]`, value })),
    ...optional('oneTimeAssistance', pack.oneTimeAssistance),
  ];
};

/** Provenance that rule objects may carry but need not (they inherit); when present it must still be valid. */
const listInheritingObjects = (pack: PolicyPack): RuleObject[] => {
  const table = (path: string, value: ClaimTable<string>): RuleObject[] => [
    { path, value },
    ...bounded(value.rows, `${path}.rows`).map((row, index) => ({ path: `${path}.rows[${index}]`, value: row })),
  ];
  const segments = (path: string, schedule: CriticalSchedule | undefined): RuleObject[] =>
    bounded(schedule?.segments, `${path}.segments`).map((value, index) => ({ path: `${path}.segments[${index}]`, value }));
  return [
    ...table('basic.deductible', pack.basic.deductible),
    ...table('basic.ratio', pack.basic.ratio),
    ...segments('critical.standard', pack.critical.standard),
    ...segments('critical.tilted.schedule', pack.critical.tilted?.schedule),
  ];
};

const hasProvenance = (value: Provenance): boolean => value.source !== undefined || value.assumed === true;

const checkProvenanceFields = (pack: PolicyPack, { path, value }: RuleObject, problems: Problems): void => {
  if (value.source !== undefined) {
    if (!Object.prototype.hasOwnProperty.call(pack.documents, value.source.doc)) {
      problem(problems, `${path}.source.doc`, 'unknown-document', `source.doc ${JSON.stringify(value.source.doc)} is not a key of documents`);
    }
    if (typeof value.source.clause !== 'string' || value.source.clause.trim() === '') {
      problem(problems, `${path}.source.clause`, 'provenance', 'source.clause must name the clause, e.g. 一(四)');
    }
  }
  if (value.assumed === true && (typeof value.note !== 'string' || value.note.trim() === '')) {
    problem(problems, `${path}.note`, 'provenance', 'assumed: true needs a note saying why the value had to be assumed');
  }
  if (value.assumed === false && value.source === undefined) {
    problem(problems, `${path}.assumed`, 'provenance', 'assumed: false without a source says nothing; cite a source or mark it assumed');
  }
};

const checkProvenance = (pack: PolicyPack, problems: Problems): void => {
  for (const object of listRuleObjects(pack)) {
    if (!hasProvenance(object.value)) {
      problem(problems, object.path, 'provenance', 'missing provenance: give source: { doc, clause } or assumed: true with a note');
    }
    checkProvenanceFields(pack, object, problems);
  }
  for (const object of listInheritingObjects(pack)) checkProvenanceFields(pack, object, problems);
};

// ---------------------------------------------------------------------------------------------
// Numbers

const AMOUNT_PATTERN = /^\d{1,15}(\.\d{1,2})?$/;
const RATIO_PATTERN = /^\d{1,3}(\.\d{1,6})?$/;

/** Parses a non-negative amount written as a decimal string, or reports it and returns null. */
const amountOf = (value: unknown, path: string, problems: Problems): Decimal | null => {
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
const checkRatio = (value: unknown, path: string, problems: Problems): Decimal | null => {
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

const describeAmount = (amount: Amount): string =>
  isStatisticAmount(amount) ? `${amount.factor} × ${amount.statistic} (${amount.geography}, previous year)` : amount;

// ---------------------------------------------------------------------------------------------
// Basic, critical

const checkTable = (table: ClaimTable<string>, path: string, check: (value: string, at: string) => void): void => {
  check(table.default, `${path}.default`);
  bounded(table.rows, `${path}.rows`).forEach((row, index) => check(row.value, `${path}.rows[${index}].value`));
};

const checkBasic = (pack: PolicyPack, problems: Problems): void => {
  checkTable(pack.basic.deductible, 'basic.deductible', (value, at) => amountOf(value, at, problems));
  checkTable(pack.basic.ratio, 'basic.ratio', (value, at) => checkRatio(value, at, problems));
  checkCap(pack.basic.annualCap, 'basic.annualCap', problems);
};

const checkCritical = (pack: PolicyPack, problems: Problems): void => {
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
  bounded(tilted.transitional, 'critical.tilted.transitional').forEach((entry, index) => {
    if (!isIsoDate(entry.until)) problem(problems, `critical.tilted.transitional[${index}].until`, 'effective-period', `until ${JSON.stringify(entry.until)} is not a calendar date`);
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

// ---------------------------------------------------------------------------------------------
// Assistance, re-assistance, subsidy, monitoring, statistics, contribution

const checkCategoryRules = (
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

const checkAssistanceExtras = (pack: PolicyPack, problems: Problems): void => {
  Object.keys(pack.assistance.pending ?? {})
    .filter((category) => Object.prototype.hasOwnProperty.call(pack.assistance.categories, category))
    .forEach((category) =>
      problem(problems, `assistance.pending.${category}`, 'pending-conflict', `${category} has assistance rules and is also listed as pending; keep one`),
    );
  const quota = pack.assistance.bedDayQuota;
  if (quota) amountOf(quota.amountPerDay, 'assistance.bedDayQuota.amountPerDay', problems);
};

const checkSubsidy = (pack: PolicyPack, problems: Problems): void => {
  for (const [category, rule] of entriesOf(pack.subsidy.categories, 'subsidy.categories')) {
    const path = `subsidy.categories.${category}`;
    if (rule.kind === 'percent') checkRatio(rule.percent, `${path}.percent`, problems);
    if (rule.kind === 'amount') amountOf(rule.amount, `${path}.amount`, problems);
    if (rule.benefitYears && rule.benefitYears.from > rule.benefitYears.to) {
      problem(problems, `${path}.benefitYears`, 'benefit-years', `benefitYears.from ${rule.benefitYears.from} is after benefitYears.to ${rule.benefitYears.to}`);
    }
    if (rule.enrolledOnOrAfter !== undefined && !isIsoDate(rule.enrolledOnOrAfter)) {
      problem(problems, `${path}.enrolledOnOrAfter`, 'effective-period', `enrolledOnOrAfter ${JSON.stringify(rule.enrolledOnOrAfter)} is not a calendar date`);
    }
  }
};

const checkMonitoring = (pack: PolicyPack, problems: Problems): void => {
  const seen = new Set<string>();
  bounded(pack.monitoring?.rules, 'monitoring.rules').forEach((rule, index) => {
    const path = `monitoring.rules[${index}]`;
    if (seen.has(rule.id)) problem(problems, `${path}.id`, 'duplicate-id', `monitoring rule id ${JSON.stringify(rule.id)} is used twice; alerts are keyed by it`);
    seen.add(rule.id);
    amountOf(rule.threshold, `${path}.threshold`, problems);
  });
};

/** Every statistic-based amount of the pack, with its path, so each can be matched to published values. */
const statisticReferences = (pack: PolicyPack): Array<[string, Amount | null]> => {
  const refs: Array<[string, Amount | null]> = [
    ['basic.annualCap', pack.basic.annualCap],
    ['critical.standard.threshold', pack.critical.standard.threshold],
    ['critical.standard.annualCap', pack.critical.standard.annualCap],
  ];
  const schedule = pack.critical.tilted?.schedule;
  if (schedule) refs.push(['critical.tilted.schedule.threshold', schedule.threshold], ['critical.tilted.schedule.annualCap', schedule.annualCap]);
  if (pack.critical.tilted?.derive) refs.push(['critical.tilted.derive.annualCap', pack.critical.tilted.derive.annualCap]);
  for (const tier of ['assistance', 'reassistance'] as const) {
    for (const [category, rule] of entriesOf(pack[tier].categories, `${tier}.categories`)) {
      refs.push([`${tier}.categories.${category}.threshold`, rule.threshold], [`${tier}.categories.${category}.annualCap`, rule.annualCap]);
    }
  }
  return refs;
};

const checkStatistics = (pack: PolicyPack, problems: Problems): void => {
  const published = bounded(pack.statistics, 'statistics');
  const keys = new Set<string>();
  published.forEach((entry, index) => {
    const key = `${entry.statistic}/${entry.geography}/${entry.year}`;
    if (keys.has(key)) problem(problems, `statistics[${index}]`, 'duplicate-id', `statistic ${key} is published twice in one revision`);
    keys.add(key);
    amountOf(entry.value, `statistics[${index}].value`, problems);
  });
  for (const [path, amount] of statisticReferences(pack)) {
    if (!isStatisticAmount(amount)) continue;
    if (!published.some((entry) => entry.statistic === amount.statistic && entry.geography === amount.geography)) {
      problem(problems, path, 'unknown-statistic', `no value of ${amount.statistic} (${amount.geography}) is published under statistics, so this amount could never be computed`);
    }
  }
};

const checkContribution = (pack: PolicyPack, problems: Problems): void => {
  const contribution = pack.contribution as Readonly<Record<string, unknown>> | undefined;
  for (const [key, value] of entriesOf(contribution, 'contribution')) {
    if (/^\d{4}$/.test(key)) amountOf(value, `contribution.${key}`, problems);
  }
};

// ---------------------------------------------------------------------------------------------
// Revision sets

const overlaps = (a: PolicyPack, b: PolicyPack): boolean => {
  const aEnds = a.effectiveTo ?? '9999-12-31';
  const bEnds = b.effectiveTo ?? '9999-12-31';
  return a.effectiveFrom <= bEnds && b.effectiveFrom <= aEnds;
};

/** Whether `later` corrects `earlier`, directly or through a chain of corrections within the set. */
const corrects = (later: PolicyPack, earlier: PolicyPack, byRevision: ReadonlyMap<string, PolicyPack>): boolean => {
  let current: PolicyPack | undefined = later;
  for (let hops = 0; current?.corrects !== undefined && hops < byRevision.size; hops += 1) {
    if (current.corrects === earlier.revision) return true;
    current = byRevision.get(current.corrects);
  }
  return false;
};

const period = (pack: PolicyPack): string => `${pack.effectiveFrom} … ${pack.effectiveTo ?? 'open'}`;

const checkRegionRevisions = (region: string, packs: readonly PolicyPack[], problems: Problems): void => {
  const byRevision = new Map<string, PolicyPack>();
  for (const pack of packs) {
    if (byRevision.has(pack.revision)) problem(problems, `${region}/${pack.revision}`, 'duplicate-revision', `region ${region} has two packs with revision ${pack.revision}`);
    byRevision.set(pack.revision, pack);
  }
  for (const pack of packs) {
    if (pack.corrects !== undefined && (!byRevision.has(pack.corrects) || pack.corrects === pack.revision)) {
      problem(problems, `${region}/${pack.revision}.corrects`, 'unknown-correction', `revision ${pack.revision} corrects ${pack.corrects}, which is not another revision of ${region}`);
    }
  }
  packs.forEach((a, i) =>
    packs.slice(i + 1).forEach((b) => {
      if (!overlaps(a, b) || corrects(a, b, byRevision) || corrects(b, a, byRevision)) return;
      problem(
        problems,
        `${region}/${b.revision}`,
        'revision-overlap',
        `revisions ${a.revision} (${period(a)}) and ${b.revision} (${period(b)}) of ${region} overlap; the later one must declare corrects: ${a.revision} if it corrects it, or end the earlier one first`,
      );
    }),
  );
};

/**
 * Within a region, revisions may overlap only when one corrects the other (a correction is a new
 * revision of the same period, domain contract §4); otherwise the revision in force on a date would
 * be ambiguous.
 */
export const validateRevisionSet = (packs: readonly PolicyPack[]): PackProblem[] => {
  const problems: Problems = [];
  const byRegion = new Map<string, PolicyPack[]>();
  for (const pack of bounded(packs, 'packs')) byRegion.set(pack.region, [...(byRegion.get(pack.region) ?? []), pack]);
  for (const [region, regionPacks] of byRegion) checkRegionRevisions(region, regionPacks, problems);
  return problems;
};
