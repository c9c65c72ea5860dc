import { formatYuan, ZERO, type Yuan } from '../money';
import { addPayouts, readAccumulators, sumOfPayouts, writeAccumulators, writePayouts, type PaidTally, type Tally } from './accumulators';
import { basicTier, type BasicOutcome } from './basic-tier';
import { chooseCategory, type CategoryChoice, type CategoryOutcome } from './category-choice';
import { readClaimFacts, type ClaimFacts } from './claim-facts';
import type { PolicyPack } from './policy-pack';
import { clauseOf } from './provenance';
import type { Settlement, SettlementInput, TraceStep } from './settlement.types';
import { referralRefusalOf } from './tier-context';
import { categoryLabel, traceStep } from './trace';
import { assert } from '../domain-error';

export { emptyAccumulators } from './accumulators';
export { formatTrace } from './trace';

/**
 * Settles one claim against the person-year's accumulators (domain contract §2): basic insurance,
 * then critical illness, medical assistance and re-assistance under the best-paying category held,
 * each tier rounded once. Pure: the same input always gives the same settlement.
 */
export const settle = (input: SettlementInput): Settlement => {
  const { pack, ref } = input.policy;
  const before = readAccumulators(input.accumulators);
  const facts = readClaimFacts(input.claim, pack, input.heldCategories);
  const basic = basicTier(facts, pack, before);
  const context = { facts, pack, before, basic: basic.amount, referralRefusal: referralRefusalOf(facts, pack) };
  const choice = chooseCategory(context);
  const payouts = payoutsOf(basic, choice.chosen);
  const outOfPocket = facts.costs.total.minus(sumOfPayouts(payouts));
  // The tiers and the person's share must add up to the bill, to the fen, and the person never gets money back.
  assertSettlement(facts, payouts, outOfPocket);
  const after = advance(pack, facts, before, basic, choice.chosen, payouts, outOfPocket);
  return {
    referenceDate: facts.referenceDate,
    year: facts.year,
    policy: ref,
    policyScope: formatYuan(facts.policyScope),
    heldCategories: facts.categories.held,
    appliedCategory: choice.chosen.category,
    evaluations: choice.evaluations.map((outcome) => ({ category: outcome.category!, benefit: formatYuan(outcome.benefit) })),
    payouts: writePayouts(payouts),
    outOfPocket: formatYuan(outOfPocket),
    accumulators: { before: writeAccumulators(before), after: writeAccumulators(after) },
    trace: traceOf(input, facts, basic, choice, before, after, outOfPocket),
  };
};

const payoutsOf = (basic: BasicOutcome, chosen: CategoryOutcome): PaidTally => ({
  basic: basic.amount,
  critical: chosen.critical.amount,
  assistance: chosen.assistance.amount,
  reassistance: chosen.reassistance.amount,
});

/** 乙类先行自付 counts towards the burden and the payout bound when any tier includes it. */
const includedCategoryB = (pack: PolicyPack, facts: ClaimFacts): Yuan =>
  pack.critical.includeCategoryBSelfPay || pack.assistance.includeCategoryBSelfPay ? facts.costs.categoryBSelfPay : ZERO;

const assertSettlement = (facts: ClaimFacts, payouts: PaidTally, outOfPocket: Yuan): void => {
  const paid = sumOfPayouts(payouts);
  assert(paid.plus(outOfPocket).equals(facts.costs.total), `settlement does not add up: ${paid.toString()} + ${outOfPocket.toString()} ≠ ${facts.costs.total.toString()}`);
  const negative = Object.entries(payouts).find(([, amount]) => (amount as Yuan).isNegative());
  assert(negative === undefined, `settlement pays a negative ${negative?.[0]} amount`);
  assert(!outOfPocket.isNegative(), `settlement leaves a negative out-of-pocket amount ${outOfPocket.toString()}`);
};

/** Monitoring burden counts only the claim kinds the pack's monitoring names (Fumeng: 住院, 门诊慢特病, 高值药品). */
const countsForBurden = (pack: PolicyPack, facts: ClaimFacts): boolean =>
  pack.monitoring?.kinds === undefined || pack.monitoring.kinds.includes(facts.claim.kind);

const advance = (
  pack: PolicyPack,
  facts: ClaimFacts,
  before: Tally,
  basic: BasicOutcome,
  chosen: CategoryOutcome,
  payouts: PaidTally,
  outOfPocket: Yuan,
): Tally => {
  const policyScopeBurden = facts.policyScope.plus(includedCategoryB(pack, facts)).minus(sumOfPayouts(payouts));
  assert(!policyScopeBurden.isNegative(), `payouts exceed the policy scope by ${policyScopeBurden.negated().toString()}`);
  const counted = countsForBurden(pack, facts);
  return {
    criticalBase: before.criticalBase.plus(chosen.critical.baseIncrement),
    assistanceBase: chosen.assistance.advances ? before.assistanceBase.plus(chosen.assistance.baseIncrement) : before.assistanceBase,
    reassistanceBase: chosen.reassistance.advances ? before.reassistanceBase.plus(chosen.reassistance.baseIncrement) : before.reassistanceBase,
    paid: addPayouts(before.paid, payouts),
    outpatientDeductibleConsumed: basic.outpatientDeductibleConsumed,
    inpatientDeductiblePaid: basic.inpatientDeductiblePaid,
    burdenTotal: counted ? before.burdenTotal.plus(outOfPocket) : before.burdenTotal,
    burdenPolicyScope: counted ? before.burdenPolicyScope.plus(policyScopeBurden) : before.burdenPolicyScope,
    claimCount: before.claimCount + 1,
  };
};

const policyStep = (input: SettlementInput): TraceStep => {
  const { pack, ref } = input.policy;
  const documents = Object.entries(pack.documents).map(([key, doc]) => `${key}: ${doc.title}${doc.number ? ` ${doc.number}` : ''}`);
  return traceStep(
    'policy',
    `Settled under ${pack.regionName} (${ref.region}) revision ${ref.revision}, content hash ${ref.hash}, in force ` +
      `${pack.effectiveFrom} to ${pack.effectiveTo ?? 'further notice'}${pack.corrects ? `, correcting revision ${pack.corrects}` : ''}.`,
    documents.join('; '),
    { region: ref.region, revision: ref.revision, hash: ref.hash },
  );
};

const referenceStep = (pack: PolicyPack, facts: ClaimFacts): TraceStep =>
  traceStep(
    'reference-date',
    `The pack takes the ${pack.identityDate} date as the reference date, ${facts.referenceDate}: it decides the benefit year ` +
      `${facts.year}, the revision in force and the categories held.`,
    undefined,
    { admissionDate: facts.claim.admissionDate, dischargeDate: facts.claim.dischargeDate, referenceDate: facts.referenceDate, year: String(facts.year) },
  );

const categoriesStep = (facts: ClaimFacts): TraceStep => {
  const { held, effective, notes } = facts.categories;
  const heldText = held.length === 0 ? 'no identity category' : held.map(categoryLabel).join(', ');
  return traceStep(
    'categories',
    `On the reference date the person holds ${heldText}.${notes.map((note) => ` ${note}`).join('')}`,
    undefined,
    { held: held.join(', ') || 'none', evaluated: effective.join(', ') || 'none' },
  );
};

const policyScopeStep = (pack: PolicyPack, facts: ClaimFacts): TraceStep => {
  const { costs } = facts;
  const waiver = pack.basic.waiveOutOfAreaFirstSelfPay;
  const explanation = facts.outOfAreaWaived
    ? 'Policy scope P = total − out of catalog − 乙类先行自付 − over standard; 异地就医个人首先自付 is waived for a helped category at this location and stays inside P.'
    : 'Policy scope P = total − out of catalog − 乙类先行自付 − over standard − 异地就医个人首先自付.';
  return traceStep('policy-scope', explanation, facts.outOfAreaWaived ? clauseOf(waiver, pack.basic) : undefined, {
    total: formatYuan(costs.total),
    outOfCatalog: formatYuan(costs.outOfCatalog),
    categoryBSelfPay: formatYuan(costs.categoryBSelfPay),
    overStandard: formatYuan(costs.overStandard),
    outOfAreaFirstSelfPay: formatYuan(costs.outOfAreaFirstSelfPay),
    outOfAreaWaived: String(facts.outOfAreaWaived),
    policyScope: formatYuan(facts.policyScope),
  });
};

const accumulatorStep = (before: Tally, after: Tally): TraceStep => {
  const pair = (from: Yuan, to: Yuan): string => `${formatYuan(from)} → ${formatYuan(to)}`;
  return traceStep(
    'accumulators',
    'The person-year accumulators advance: B on every claim, A and R only under a category with those rules and not refused by the referral rule.',
    undefined,
    {
      criticalBase: pair(before.criticalBase, after.criticalBase),
      assistanceBase: pair(before.assistanceBase, after.assistanceBase),
      reassistanceBase: pair(before.reassistanceBase, after.reassistanceBase),
      paidBasic: pair(before.paid.basic, after.paid.basic),
      paidCritical: pair(before.paid.critical, after.paid.critical),
      paidAssistance: pair(before.paid.assistance, after.paid.assistance),
      paidReassistance: pair(before.paid.reassistance, after.paid.reassistance),
      outpatientDeductibleConsumed: pair(before.outpatientDeductibleConsumed, after.outpatientDeductibleConsumed),
      inpatientDeductiblePaid: pair(before.inpatientDeductiblePaid, after.inpatientDeductiblePaid),
      burdenTotal: pair(before.burdenTotal, after.burdenTotal),
      burdenPolicyScope: pair(before.burdenPolicyScope, after.burdenPolicyScope),
      claimCount: `${before.claimCount} → ${after.claimCount}`,
    },
  );
};

const traceOf = (
  input: SettlementInput,
  facts: ClaimFacts,
  basic: BasicOutcome,
  choice: CategoryChoice,
  before: Tally,
  after: Tally,
  outOfPocket: Yuan,
): TraceStep[] => {
  const { pack } = input.policy;
  const { chosen } = choice;
  const closing = traceStep(
    'out-of-pocket',
    'Out of pocket = total − basic − critical − assistance − re-assistance; the payouts and the out-of-pocket amount add up to the total.',
    undefined,
    { total: formatYuan(facts.costs.total), outOfPocket: formatYuan(outOfPocket) },
  );
  return [
    policyStep(input),
    referenceStep(pack, facts),
    categoriesStep(facts),
    policyScopeStep(pack, facts),
    ...basic.steps,
    choice.step,
    ...chosen.critical.steps,
    ...chosen.assistance.steps,
    ...chosen.reassistance.steps,
    accumulatorStep(before, after),
    closing,
  ];
};
