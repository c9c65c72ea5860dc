import { formatYuan, minYuan, parseYuan, roundToFenHalfUp, ZERO, type Yuan } from '../money';
import { compareIsoDates, yearOf } from '../iso-date';
import type { Category } from '../vocabulary';
import { applyAliases } from './categories';
import { readRatio } from './pack-values';
import type { PolicyPack, PublishedPack, SubsidyRule } from './policy-pack';
import type { SubsidyDecision, SubsidyInput } from './policy-functions';
import { clauseOf } from './provenance';
import type { SentenceStep } from './settlement.types';
import { categoryLabel, sentenceStep } from './trace';

/**
 * Enrollment subsidy (参保资助, domain contract §3): one per person-year, for the highest-benefit
 * category held on the enrollment date, never more than the individual contribution, paid from the
 * medical-assistance fund.
 */

interface Candidate {
  readonly category: Category;
  readonly rule: SubsidyRule;
  readonly amount: Yuan;
  readonly clause: string;
  readonly description: string;
}

/** The pack's own contribution for the year wins over the one the command states. */
const contributionFor = (pack: PolicyPack | null, year: number, stated: string): { value: Yuan; source: string } => {
  const fromPack = pack?.contribution?.[`${year}`];
  if (typeof fromPack === 'string') return { value: parseYuan(fromPack, `contribution ${year}`), source: `the pack's contribution for ${year}` };
  return { value: parseYuan(stated, 'statedContribution'), source: 'the contribution stated on enrollment' };
};

const none = (contribution: Yuan, reason: string, policy: PublishedPack | null, steps: SentenceStep[]): SubsidyDecision => ({
  kind: 'none',
  contribution: formatYuan(contribution),
  reason,
  policy: policy?.ref ?? null,
  trace: [...steps, sentenceStep('subsidy', reason)],
});

/** Why a category's rule does not apply to this enrollment, or null when it does. */
const inapplicable = (rule: SubsidyRule, input: SubsidyInput): string | null => {
  const years = rule.benefitYears;
  if (years && (input.year < years.from || input.year > years.to)) return `applies to benefit years ${years.from}–${years.to} only`;
  // The date starts the rule within its own benefit year (Shanxi 一: from May 2023, so a 2023
  // contribution collected before then is not subsidised); later years' enrollments are all covered
  // (domain contract §3: "for 2023 only enrollments on or after 2023-05-01").
  const startsOn = rule.enrolledOnOrAfter;
  if (startsOn && input.year === yearOf(startsOn) && compareIsoDates(input.enrolledOn, startsOn) < 0) {
    return `applies to ${input.year} enrollments on or after ${startsOn} only`;
  }
  return null;
};

const amountOf = (rule: SubsidyRule, contribution: Yuan): { amount: Yuan; description: string } => {
  switch (rule.kind) {
    case 'full':
      return { amount: contribution, description: 'the full individual contribution' };
    case 'percent': {
      // A share of the contribution is rounded once, to the fen, half up.
      const amount = roundToFenHalfUp(contribution.times(readRatio(rule.percent, 'subsidy percent')));
      return { amount, description: `${rule.percent} of the contribution ${formatYuan(contribution)}` };
    }
    case 'amount': {
      const fixed = parseYuan(rule.amount, 'subsidy amount');
      return { amount: minYuan(fixed, contribution), description: `a fixed ${formatYuan(fixed)}, never more than the contribution` };
    }
  }
};

const candidatesOf = (input: SubsidyInput, pack: PolicyPack, contribution: Yuan, notes: string[]): Candidate[] => {
  const { effective } = applyAliases(pack, input.heldCategories);
  return effective.flatMap((category): Candidate[] => {
    const rule = pack.subsidy.categories[category];
    if (category === 'STABLE_OUT_OF_POVERTY') {
      // Contract §3: stable out-of-poverty people leave the subsidy, whatever a pack might say.
      notes.push(`${categoryLabel(category)} no longer receive an enrollment subsidy (不再享受医疗救助资助参保).`);
      return [];
    }
    if (!rule) {
      notes.push(`${categoryLabel(category)} has no subsidy rule in this pack.`);
      return [];
    }
    const why = inapplicable(rule, input);
    if (why !== null) {
      notes.push(`The rule of ${categoryLabel(category)} ${why}.`);
      return [];
    }
    return [{ category, rule, clause: clauseOf(rule, pack.subsidy), ...amountOf(rule, contribution) }];
  });
};

const bestOf = (candidates: readonly Candidate[]): Candidate =>
  // Candidates come in CATEGORIES order, so the first of equal amounts wins the tie.
  candidates.reduce((best, candidate) => (candidate.amount.greaterThan(best.amount) ? candidate : best));

const parameterOf = (rule: SubsidyRule): string | null => (rule.kind === 'percent' ? rule.percent : rule.kind === 'amount' ? rule.amount : null);

const granted = (input: SubsidyInput, policy: PublishedPack, contribution: Yuan, best: Candidate, previous: Yuan, steps: SentenceStep[]): SubsidyDecision => {
  const amount = best.amount.minus(previous);
  const explanation = previous.isZero()
    ? `${categoryLabel(best.category)} is the highest-benefit category on ${input.enrolledOn}: the subsidy is ${best.description}, ${formatYuan(amount)}.`
    : `A better category, ${categoryLabel(best.category)}, gives ${formatYuan(best.amount)}; the pack tops up mid-year, so the difference ${formatYuan(amount)} is granted.`;
  return {
    kind: 'granted',
    contribution: formatYuan(contribution),
    category: best.category,
    rule: { kind: best.rule.kind, parameter: parameterOf(best.rule), clause: best.clause },
    amount: formatYuan(amount),
    previouslyGranted: formatYuan(previous),
    policy: policy.ref,
    trace: [...steps, sentenceStep('subsidy', explanation, best.clause, { amount: formatYuan(best.amount), previouslyGranted: formatYuan(previous), granted: formatYuan(amount) })],
  };
};

const afterEarlierGrant = (input: SubsidyInput, policy: PublishedPack, contribution: Yuan, best: Candidate, steps: SentenceStep[]): SubsidyDecision => {
  const earlier = input.alreadyGranted!;
  const previous = parseYuan(earlier.amount, 'alreadyGranted.amount');
  if (!policy.pack.subsidy.midYearTopUp) {
    const reason = `A subsidy of ${formatYuan(previous)} was already granted this year as ${earlier.category}; one subsidy per person-year, and the pack applies a new status from the next year (no mid-year top-up).`;
    return none(contribution, reason, policy, steps);
  }
  if (!best.amount.greaterThan(previous)) {
    return none(contribution, `The best category now gives ${formatYuan(best.amount)}, no more than the ${formatYuan(previous)} already granted this year.`, policy, steps);
  }
  return granted(input, policy, contribution, best, previous, steps);
};

export const decideSubsidy = (input: SubsidyInput): SubsidyDecision => {
  const { policy } = input;
  const contribution = contributionFor(policy?.pack ?? null, input.year, input.statedContribution);
  const steps = [sentenceStep('contribution', `The individual contribution for ${input.year} is ${formatYuan(contribution.value)}, from ${contribution.source}.`)];
  if (policy === null) return none(contribution.value, `No policy revision is in force for the ${input.year} enrollment, so no subsidy can be decided.`, null, steps);
  if (input.scheme === 'EMPLOYEE') return none(contribution.value, 'Enrollment subsidies apply to the resident scheme (城乡居民医保) only.', policy, steps);
  const notes: string[] = [];
  const candidates = candidatesOf(input, policy.pack, contribution.value, notes);
  notes.forEach((note) => steps.push(sentenceStep('subsidy-category', note)));
  if (candidates.length === 0 || bestOf(candidates).amount.lessThanOrEqualTo(ZERO)) {
    const held = input.heldCategories.length === 0 ? 'no identity category' : input.heldCategories.join(', ');
    return none(contribution.value, `No subsidy rule applies on ${input.enrolledOn} to ${held}.`, policy, steps);
  }
  const best = bestOf(candidates);
  if (input.alreadyGranted !== null) return afterEarlierGrant(input, policy, contribution.value, best, steps);
  return granted(input, policy, contribution.value, best, ZERO, steps);
};
