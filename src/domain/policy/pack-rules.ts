import type { PolicyPack } from './policy-pack';
import type { PackProblem, Problems } from './pack-problems';
import { checkPackDates } from './pack-rules.dates';
import { checkProvenance } from './pack-rules.provenance';
import { checkSemantics } from './pack-rules.semantic';
import { checkBasicNumbers, checkCategoryRuleNumbers, checkCriticalShape, checkOtherNumbers } from './pack-rules.shape';

/**
 * The rules of a policy pack that the JSON Schema cannot say, in three files: schema-level forms of
 * numbers and schedules (`pack-rules.shape.ts`), dates and revision sets (`pack-rules.dates.ts`), and
 * the semantic rules of the whole pack (`pack-rules.semantic.ts`, `pack-rules.provenance.ts`). The
 * loader runs them after the schema has accepted the shape and normalised every amount and ratio to a
 * decimal string, but they are pure and total, so a pack built in code (a scenario's inline pack, a
 * test) is checked the same way.
 */

export type { PackProblem, PackRule, RuleObject } from './pack-problems';
export { listInheritingObjects, listRuleObjects } from './pack-rules.provenance';
export { validateRevisionSet } from './pack-rules.dates';

/** Checks one pack; an empty list means it may be published. */
export const validatePackRules = (pack: PolicyPack): PackProblem[] => {
  const problems: Problems = [];
  checkPackDates(pack, problems);
  checkSemantics(pack, problems);
  checkProvenance(pack, problems);
  checkBasicNumbers(pack, problems);
  checkCriticalShape(pack, problems);
  checkCategoryRuleNumbers('assistance', pack.assistance.categories, problems);
  checkCategoryRuleNumbers('reassistance', pack.reassistance.categories, problems);
  checkOtherNumbers(pack, problems);
  return problems;
};
