import { compareIsoDates, isIsoDate } from '../iso-date';
import type { PolicyPack } from './policy-pack';
import { bounded, entriesOf, problem, type PackProblem, type Problems } from './pack-problems';

/**
 * Date rules: the period a revision is in force, every other date a pack names (transitional tilts,
 * rule end dates, subsidy enrollment dates and benefit years), and the revision set of a region, where
 * periods may overlap only along a chain of corrections.
 */

const notADate = (value: unknown): string => `${JSON.stringify(value)} is not a calendar date (YYYY-MM-DD)`;

const checkPeriod = (pack: PolicyPack, problems: Problems): void => {
  if (!isIsoDate(pack.effectiveFrom)) {
    problem(problems, 'effectiveFrom', 'effective-period', `effectiveFrom ${notADate(pack.effectiveFrom)}`);
    return;
  }
  if (pack.effectiveTo === null) return;
  if (!isIsoDate(pack.effectiveTo)) {
    problem(problems, 'effectiveTo', 'effective-period', `effectiveTo ${notADate(pack.effectiveTo)} or null`);
  } else if (compareIsoDates(pack.effectiveTo, pack.effectiveFrom) < 0) {
    problem(problems, 'effectiveTo', 'effective-period', `effectiveTo ${pack.effectiveTo} is before effectiveFrom ${pack.effectiveFrom}`);
  }
};

/** A rule that ends before the revision starts could never apply: that is a typo in the year. */
const checkRuleEnds = (pack: PolicyPack, problems: Problems): void => {
  for (const tier of ['assistance', 'reassistance'] as const) {
    for (const [category, rule] of entriesOf(pack[tier].categories, `${tier}.categories`)) {
      if (rule.until === undefined) continue;
      const path = `${tier}.categories.${category}.until`;
      if (!isIsoDate(rule.until)) problem(problems, path, 'effective-period', `until ${notADate(rule.until)}`);
      else if (isIsoDate(pack.effectiveFrom) && compareIsoDates(rule.until, pack.effectiveFrom) < 0) {
        problem(problems, path, 'effective-period', `until ${rule.until} is before the revision's effectiveFrom ${pack.effectiveFrom}: the rule could never apply`);
      }
    }
  }
};

const checkOtherDates = (pack: PolicyPack, problems: Problems): void => {
  bounded(pack.critical.tilted?.transitional, 'critical.tilted.transitional').forEach((entry, index) => {
    if (!isIsoDate(entry.until)) problem(problems, `critical.tilted.transitional[${index}].until`, 'effective-period', `until ${notADate(entry.until)}`);
  });
  for (const [category, rule] of entriesOf(pack.subsidy.categories, 'subsidy.categories')) {
    const path = `subsidy.categories.${category}`;
    if (rule.benefitYears && rule.benefitYears.from > rule.benefitYears.to) {
      problem(problems, `${path}.benefitYears`, 'benefit-years', `benefitYears.from ${rule.benefitYears.from} is after benefitYears.to ${rule.benefitYears.to}`);
    }
    if (rule.enrolledOnOrAfter !== undefined && !isIsoDate(rule.enrolledOnOrAfter)) {
      problem(problems, `${path}.enrolledOnOrAfter`, 'effective-period', `enrolledOnOrAfter ${notADate(rule.enrolledOnOrAfter)}`);
    }
  }
};

export const checkPackDates = (pack: PolicyPack, problems: Problems): void => {
  checkPeriod(pack, problems);
  checkRuleEnds(pack, problems);
  checkOtherDates(pack, problems);
};

// ---------------------------------------------------------------------------------------------
// Revision sets

const OPEN_END = '9999-12-31';

const overlaps = (a: PolicyPack, b: PolicyPack): boolean =>
  compareIsoDates(a.effectiveFrom, b.effectiveTo ?? OPEN_END) <= 0 && compareIsoDates(b.effectiveFrom, a.effectiveTo ?? OPEN_END) <= 0;

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

/** The newest revision of the chain that starts at `start`, following the first correction of each revision. */
const headOf = (start: PolicyPack, correctionsOf: ReadonlyMap<string, readonly PolicyPack[]>, limit: number): PolicyPack => {
  let head = start;
  for (let hops = 0; hops < limit; hops += 1) {
    const next = correctionsOf.get(head.revision)?.[0];
    if (next === undefined) return head;
    head = next;
  }
  return head;
};

/**
 * A correction must name the newest revision of its chain (the head). Two corrections of one revision
 * would fork the chain: the later one silently drops what the earlier one corrected, and which branch
 * settles a claim would depend only on publication order. The later of the two (in the order given:
 * publication order in the registry, path order in a directory) is the one refused.
 */
const checkCorrectionHeads = (region: string, packs: readonly PolicyPack[], problems: Problems): void => {
  const correctionsOf = new Map<string, PolicyPack[]>();
  for (const pack of packs) {
    if (pack.corrects !== undefined && pack.corrects !== pack.revision) correctionsOf.set(pack.corrects, [...(correctionsOf.get(pack.corrects) ?? []), pack]);
  }
  for (const [corrected, corrections] of correctionsOf) {
    const [first, ...later] = corrections;
    if (first === undefined) continue;
    const head = headOf(first, correctionsOf, packs.length);
    for (const branch of later) {
      problem(
        problems,
        `${region}/${branch.revision}.corrects`,
        'correction-not-head',
        `revision ${branch.revision} corrects ${corrected}, which ${first.revision} already corrects; a correction must name the newest revision of its chain: corrects: ${head.revision}`,
      );
    }
  }
};

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
  checkCorrectionHeads(region, packs, problems);
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
 * Within a region, revisions may overlap only when one corrects the other, directly or along a chain
 * of corrections (a correction is a new revision of the same period, domain contract §4), and a
 * correction names the newest revision of its chain; otherwise the revision in force on a date would
 * be ambiguous. The file loader checks a directory with it and the policy registry checks each
 * publication against the revisions already published, so both refuse the same sets.
 */
export const validateRevisionSet = (packs: readonly PolicyPack[]): PackProblem[] => {
  const problems: Problems = [];
  const byRegion = new Map<string, PolicyPack[]>();
  for (const pack of bounded(packs, 'packs')) byRegion.set(pack.region, [...(byRegion.get(pack.region) ?? []), pack]);
  for (const [region, regionPacks] of byRegion) checkRegionRevisions(region, regionPacks, problems);
  return problems;
};
