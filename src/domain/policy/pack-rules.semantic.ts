import { isCategory, LOCATIONS, type Category } from '../vocabulary';
import { DISEASE_CODE_FORMS, isDiseaseCode } from './disease-code';
import { isStatisticAmount, type Amount, type ClaimSelector, type ClaimTable, type PolicyPack } from './policy-pack';
import { bounded, entriesOf, problem, type Problems } from './pack-problems';

/**
 * Semantic rules: what only the whole pack can tell. Categories and groups must exist, aliases must
 * not hide rules, table rows must be reachable, disease codes well formed and listed once, statistics
 * published, ids unique.
 */

const tableRows = (table: ClaimTable<string>): ReadonlyArray<{ readonly when: ClaimSelector }> => table.rows ?? [];

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
  for (const table of ['deductible', 'ratio'] as const) {
    bounded(tableRows(pack.basic[table]), `basic.${table}.rows`).forEach((row, index) => list(`basic.${table}.rows[${index}].when.categories`, row.when.categories));
  }
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

/** True when every claim `narrow` selects is also selected by `wide`. */
const covers = (wide: ClaimSelector, narrow: ClaimSelector): boolean => {
  const listCovers = (outer: readonly string[] | undefined, inner: readonly string[] | undefined): boolean =>
    outer === undefined || (inner !== undefined && inner.every((value) => outer.includes(value)));
  return (
    listCovers(wide.kinds, narrow.kinds) &&
    listCovers(wide.hospitalLevels, narrow.hospitalLevels) &&
    listCovers(wide.locations, narrow.locations) &&
    listCovers(wide.categories, narrow.categories) &&
    (wide.referred === undefined || wide.referred === narrow.referred)
  );
};

/**
 * The first matching row wins, so a row below a wider one can never apply: a narrow row (referred
 * low-income stays, Guizhou §二(三)4) written after a general one is refused rather than silently dead.
 */
const checkRowsReachable = (pack: PolicyPack, problems: Problems): void => {
  for (const table of ['deductible', 'ratio'] as const) {
    const rows = bounded(tableRows(pack.basic[table]), `basic.${table}.rows`);
    rows.forEach((row, index) => {
      const shadow = rows.slice(0, index).findIndex((earlier) => covers(earlier.when, row.when));
      if (shadow >= 0) {
        problem(problems, `basic.${table}.rows[${index}].when`, 'selector', `row ${index} can never apply: row ${shadow} above it matches every claim it matches; put the narrower row first`);
      }
    });
  }
  const allowed = pack.reassistance.location?.allowed;
  if (allowed !== undefined && LOCATIONS.every((location) => allowed.includes(location))) {
    problem(problems, 'reassistance.location.allowed', 'selector', 'the location condition allows every location and limits nothing; remove it or name the locations allowed');
  }
};

/** Disease tables apply to outpatient kinds only, each code is well formed and listed once. */
const checkDiseases = (pack: PolicyPack, problems: Problems): void => {
  const tables = pack.basic.diseases;
  if (tables === undefined) return;
  if (tables.kinds.includes('INPATIENT')) {
    problem(problems, 'basic.diseases.kinds', 'disease-code', 'disease tables are for outpatient kinds (门诊慢特病, 高值药品); inpatient stays use the deductible and ratio tables');
  }
  const seen = new Map<string, number>();
  bounded(tables.list, 'basic.diseases.list').forEach((disease, index) => {
    bounded(disease.codes, `basic.diseases.list[${index}].codes`).forEach((code, position) => {
      const path = `basic.diseases.list[${index}].codes[${position}]`;
      if (!isDiseaseCode(code)) problem(problems, path, 'disease-code', `${JSON.stringify(code)} is not ${DISEASE_CODE_FORMS}`);
      const first = seen.get(code);
      if (first !== undefined) problem(problems, path, 'disease-code', `disease code ${code} is already listed under basic.diseases.list[${first}]; a claim must find one rule`);
      else seen.set(code, index);
    });
  });
};

const checkPending = (pack: PolicyPack, problems: Problems): void => {
  Object.keys(pack.assistance.pending ?? {})
    .filter((category) => Object.prototype.hasOwnProperty.call(pack.assistance.categories, category))
    .forEach((category) =>
      problem(problems, `assistance.pending.${category}`, 'pending-conflict', `${category} has assistance rules and is also listed as pending; keep one`),
    );
};

const checkMonitoringIds = (pack: PolicyPack, problems: Problems): void => {
  const seen = new Set<string>();
  bounded(pack.monitoring?.rules, 'monitoring.rules').forEach((rule, index) => {
    if (seen.has(rule.id)) problem(problems, `monitoring.rules[${index}].id`, 'duplicate-id', `monitoring rule id ${JSON.stringify(rule.id)} is used twice; alerts are keyed by it`);
    seen.add(rule.id);
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
  });
  for (const [path, amount] of statisticReferences(pack)) {
    if (!isStatisticAmount(amount)) continue;
    if (!published.some((entry) => entry.statistic === amount.statistic && entry.geography === amount.geography)) {
      problem(problems, path, 'unknown-statistic', `no value of ${amount.statistic} (${amount.geography}) is published under statistics, so this amount could never be computed`);
    }
  }
};

export const checkSemantics = (pack: PolicyPack, problems: Problems): void => {
  checkCategories(pack, problems);
  checkAliases(pack, problems);
  checkGroups(pack, problems);
  checkRowsReachable(pack, problems);
  checkDiseases(pack, problems);
  checkPending(pack, problems);
  checkMonitoringIds(pack, problems);
  checkStatistics(pack, problems);
};
