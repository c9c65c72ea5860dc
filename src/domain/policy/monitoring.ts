import { formatYuan, parseYuan, type Yuan } from '../money';
import type { Category, Scheme } from '../vocabulary';
import { applyAliases } from './categories';
import type { MonitoringRule, PolicyPack } from './policy-pack';
import type { AlertChange, MonitoringDecision, MonitoringInput } from './policy-functions';

/**
 * Early warning of 因病返贫致贫 (domain contract §5): the person-year's burden against the threshold of
 * the first rule whose population the person belongs to. An alert is raised once while open, and
 * withdrawn when a reassessment brings the burden back to its threshold or below.
 */

/** More monitoring rules than this is a data error, not a policy. */
const MAX_RULES = 32;

const categoriesOf = (pack: PolicyPack, population: MonitoringRule['population']): Category[] => {
  const groups = (population.groups ?? []).flatMap((name) => {
    const members = pack.groups?.[name];
    if (!members) throw new RangeError(`monitoring population names group ${JSON.stringify(name)}, which ${pack.region} ${pack.revision} does not define`);
    return members;
  });
  return [...(population.categories ?? []), ...groups];
};

/** A population that names neither categories nor groups covers everyone of its scheme. */
const belongsTo = (pack: PolicyPack, rule: MonitoringRule, held: readonly Category[], scheme: Scheme): boolean => {
  const { population } = rule;
  if (population.scheme !== undefined && population.scheme !== scheme) return false;
  if (population.others) return true;
  const listed = categoriesOf(pack, population);
  return listed.length === 0 || held.some((category) => listed.includes(category));
};

const change = (rule: MonitoringRule, burden: Yuan): AlertChange => ({
  rule: rule.id,
  ruleName: rule.name,
  threshold: formatYuan(parseYuan(rule.threshold, `monitoring rule ${rule.id} threshold`)),
  burden: formatYuan(burden),
});

const thresholdOf = (rule: MonitoringRule): Yuan => parseYuan(rule.threshold, `monitoring rule ${rule.id} threshold`);

export const evaluateMonitoring = (input: MonitoringInput): MonitoringDecision => {
  const { pack } = input.policy;
  const monitoring = pack.monitoring;
  if (!monitoring) return { raise: [], withdraw: [] };
  if (monitoring.rules.length > MAX_RULES) throw new RangeError(`monitoring has ${monitoring.rules.length} rules, more than ${MAX_RULES}`);
  const burden = parseYuan(monitoring.burden === 'total' ? input.accumulators.burdenTotal : input.accumulators.burdenPolicyScope, 'burden');
  const { held, effective } = applyAliases(pack, input.heldCategories);
  const categories = [...new Set([...held, ...effective])];
  const applicable = monitoring.rules.find((rule) => belongsTo(pack, rule, categories, input.scheme));
  const crosses = applicable !== undefined && burden.greaterThan(thresholdOf(applicable)) && !input.openAlerts.has(applicable.id);
  const withdraw = monitoring.rules
    .filter((rule) => input.openAlerts.has(rule.id) && burden.lessThanOrEqualTo(thresholdOf(rule)))
    .map((rule) => change(rule, burden));
  return { raise: crosses ? [change(applicable, burden)] : [], withdraw };
};
