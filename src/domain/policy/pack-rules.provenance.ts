import type { Category } from '../vocabulary';
import type { ClaimTable, CriticalSchedule, PolicyPack, Provenance } from './policy-pack';
import { bounded, entriesOf, problem, type Problems, type RuleObject } from './pack-problems';

/**
 * Provenance rules: every object that states a rule says where it comes from (`source`), or that it
 * had to be assumed (`assumed: true` with a `note`), or both; cited documents must exist.
 */

const categoryRuleObjects = (path: string, record: Readonly<Partial<Record<Category, Provenance>>> | undefined): RuleObject[] =>
  entriesOf(record, path).map(([category, value]) => ({ path: `${path}.${category}`, value }));

const optional = (path: string, value: Provenance | undefined): RuleObject[] => (value ? [{ path, value }] : []);

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
    ...optional('basic.diseases', pack.basic.diseases),
    { path: 'critical', value: pack.critical },
    { path: 'critical.standard', value: pack.critical.standard },
    ...optional('critical.tilted', tilt),
    ...optional('critical.tilted.schedule', tilt?.schedule),
    ...optional('critical.tilted.derive', tilt?.derive),
    ...bounded(tilt?.transitional, 'critical.tilted.transitional').map((value, index) => ({ path: `critical.tilted.transitional[${index}]`, value })),
    { path: 'assistance', value: pack.assistance },
    { path: 'assistance.referral', value: pack.assistance.referral },
    ...categoryRuleObjects('assistance.categories', pack.assistance.categories),
    ...categoryRuleObjects('assistance.pending', pack.assistance.pending),
    ...optional('assistance.bedDayQuota', pack.assistance.bedDayQuota),
    { path: 'reassistance', value: pack.reassistance },
    ...optional('reassistance.location', pack.reassistance.location),
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
export const listInheritingObjects = (pack: PolicyPack): RuleObject[] => {
  const table = (path: string, value: ClaimTable<string>): RuleObject[] => [
    { path, value },
    ...bounded(value.rows, `${path}.rows`).map((row, index) => ({ path: `${path}.rows[${index}]`, value: row })),
  ];
  const segments = (path: string, schedule: CriticalSchedule | undefined): RuleObject[] =>
    bounded(schedule?.segments, `${path}.segments`).map((value, index) => ({ path: `${path}.segments[${index}]`, value }));
  return [
    ...table('basic.deductible', pack.basic.deductible),
    ...table('basic.ratio', pack.basic.ratio),
    ...bounded(pack.basic.diseases?.list, 'basic.diseases.list').map((value, index) => ({ path: `basic.diseases.list[${index}]`, value })),
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

export const checkProvenance = (pack: PolicyPack, problems: Problems): void => {
  for (const object of listRuleObjects(pack)) {
    if (!hasProvenance(object.value)) {
      problem(problems, object.path, 'provenance', 'missing provenance: give source: { doc, clause } or assumed: true with a note');
    }
    checkProvenanceFields(pack, object, problems);
  }
  for (const object of listInheritingObjects(pack)) checkProvenanceFields(pack, object, problems);
};
