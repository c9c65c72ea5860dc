import { floorAtZero, formatYuan, minYuan, parseYuan, roundToFenHalfUp, sumYuan, ZERO, type Yuan } from '../money';
import { addMonths, compareIsoDates, yearOf } from '../iso-date';
import { readPayouts, sumOfPayouts } from './accumulators';
import { resolveCategoryRule } from './category-rule';
import type { OneTimeAssistanceDecision, OneTimeAssistanceInput } from './policy-functions';
import { clauseOf } from './provenance';
import type { SentenceStep } from './settlement.types';
import { capText, categoryLabel, roundingValues, sentenceStep } from './trace';

/**
 * Fumeng §二(三)2: 对参加基本医保的因病致贫重病患者，自申请救助之日前12个月内个人负担的合规医疗费用给予
 * 一次性医疗救助. The policy-scope remainder of the claims dated in [application − look-back, application)
 * is summed, and the category's assistance threshold, ratio and cap of the application-year pack are
 * applied to the sum once.
 */

/** A person with more claims than this in one look-back is a data error. */
const MAX_CLAIMS = 10_000;

type CoveredClaim = OneTimeAssistanceInput['claims'][number];

const nothing = (explanation: string, clause?: string): OneTimeAssistanceDecision => ({
  claimsCovered: [],
  amount: '0.00',
  trace: [sentenceStep('one-time-assistance', explanation, clause)],
});

const remainderOf = (input: OneTimeAssistanceInput, entry: CoveredClaim): Yuan => {
  const { assistance } = input.policy.pack;
  const categoryB = assistance.includeCategoryBSelfPay ? parseYuan(entry.claim.costs.categoryBSelfPay, 'costs.categoryBSelfPay') : ZERO;
  const paid = sumOfPayouts(readPayouts(entry.payouts, `claim ${entry.claim.claimId} payouts`));
  return floorAtZero(parseYuan(entry.policyScope, 'policyScope').plus(categoryB).minus(paid));
};

export const decideOneTimeAssistance = (input: OneTimeAssistanceInput): OneTimeAssistanceDecision => {
  const { pack } = input.policy;
  const rules = pack.oneTimeAssistance;
  if (!rules || !rules.categories.includes(input.category)) {
    return nothing(`The pack gives no one-time assistance to ${categoryLabel(input.category)}.`, rules ? clauseOf(rules) : undefined);
  }
  const rule = pack.assistance.categories[input.category];
  if (!rule) return nothing(`The pack has no assistance rule for ${categoryLabel(input.category)} to apply to the look-back.`, clauseOf(rules));
  if (input.claims.length > MAX_CLAIMS) throw new RangeError(`one-time assistance over ${input.claims.length} claims, more than ${MAX_CLAIMS}`);
  const from = addMonths(input.applicationDate, -rules.lookBackMonths);
  const covered = input.claims.filter(
    (entry) => compareIsoDates(entry.referenceDate, from) >= 0 && compareIsoDates(entry.referenceDate, input.applicationDate) < 0,
  );
  const remainders = covered.map((entry) => ({ id: entry.claim.claimId, remainder: remainderOf(input, entry) }));
  const sum = sumYuan(remainders.map((entry) => entry.remainder));
  const resolved = resolveCategoryRule(pack, rule, yearOf(input.applicationDate), 'one-time assistance', pack.assistance, `assistance.categories.${input.category}`);
  const payable = floorAtZero(sum.minus(resolved.threshold)).times(resolved.ratio);
  const exact = resolved.cap === null ? payable : minYuan(payable, resolved.cap);
  const amount = roundToFenHalfUp(exact);
  const steps: SentenceStep[] = [
    sentenceStep(
      'look-back',
      `Claims with a reference date from ${from} up to the day before the application, ${input.applicationDate}, are covered ` +
        `(${rules.lookBackMonths} months): ${covered.length} of ${input.claims.length}.`,
      clauseOf(rules),
      Object.fromEntries(remainders.map((entry) => [entry.id, formatYuan(entry.remainder)])),
    ),
    sentenceStep(
      'one-time-assistance',
      `The policy-scope remainders sum to ${formatYuan(sum)}; ${categoryLabel(input.category)} assistance pays ${resolved.ratioText} ` +
        `above the threshold ${formatYuan(resolved.threshold)}, at most the cap, once.` + resolved.notes.map((note) => ` ${note}`).join(''),
      resolved.clause,
      { sum: formatYuan(sum), threshold: formatYuan(resolved.threshold), ratio: resolved.ratioText, cap: capText(resolved.cap), ...roundingValues(exact, amount) },
    ),
  ];
  return { claimsCovered: covered.map((entry) => entry.claim.claimId), amount: formatYuan(amount), trace: steps };
};
