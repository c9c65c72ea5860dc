import { formatYuan, ZERO, type Yuan } from '../money';
import { addPayouts, readAccumulators, sumOfPayouts, writeAccumulators, writePayouts, type PaidTally, type Tally } from './accumulators';
import { basicTier, type BasicOutcome } from './basic-tier';
import { chooseCategory, type CategoryChoice, type CategoryOutcome } from './category-choice';
import { readClaimFacts, type ClaimFacts } from './claim-facts';
import type { PolicyPack } from './policy-pack';
import type { Accumulators, Payouts, Settlement, SettlementInput, TraceStep } from './settlement.types';
import type { Category } from '../vocabulary';
import { referralRefusalOf } from './tier-context';
import { traceStep } from './trace';
import { assert } from '../domain-error';

export { emptyAccumulators } from './accumulators';
export { formatTrace } from '../explanation/render-explanation';

/**
 * Settles one claim against the person-year's accumulators (domain contract §2): basic insurance,
 * then critical illness, medical assistance and re-assistance under the best-paying category held,
 * each tier rounded once. Pure: the same input always gives the same settlement.
 */
export const settle = (input: SettlementInput): Settlement => settleFrom(input, readAccumulators(input.accumulators)).settlement;

/**
 * `settle`, from accumulators already read (`before` must be `readAccumulators(input.accumulators)`),
 * also giving the accumulators after as decimals: a replay of a year hands each claim's tally to the
 * next one instead of writing twenty amounts and parsing them back between claims.
 */
export const settleFrom = (input: SettlementInput, before: Tally): { readonly settlement: Settlement; readonly after: Tally } => {
  const computed = compute(input, before);
  const { facts, basic, choice } = computed;
  const settlement: Settlement = {
    claim: input.claim,
    referenceDate: facts.referenceDate,
    year: facts.year,
    policy: input.policy.ref,
    policyScope: formatYuan(facts.policyScope),
    heldCategories: facts.categories.held,
    appliedCategory: choice.chosen.category,
    evaluations: choice.evaluations.map((outcome) => ({ category: outcome.category!, benefit: formatYuan(outcome.benefit) })),
    payouts: writePayouts(computed.payouts),
    outOfPocket: formatYuan(computed.outOfPocket),
    accumulators: { before: writeAccumulators(before), after: writeAccumulators(computed.after) },
    trace: traceOf(input, facts, basic, choice),
  };
  return { settlement, after: computed.after };
};

/** What a replay compares with what was recorded: the amounts, the category and the accumulators, as decimals, with no trace. */
export interface SettledAmounts {
  readonly year: number;
  readonly appliedCategory: Category | null;
  readonly payouts: PaidTally;
  readonly after: Tally;
}

/**
 * `settleFrom` without the settlement's trace, its evaluations or any amount written as text: a
 * reassessment settles every claim of a year to compare it with what was recorded
 * (`paidMatches`, `tallyMatches`), and writes a settlement (`settleFrom` again) only for the few it
 * changes. The same computation, so the same amounts.
 */
export const settledAmounts = (input: ClaimToSettle, before: Tally): SettledAmounts => {
  const computed = compute(input, before);
  return { year: computed.facts.year, appliedCategory: computed.choice.chosen.category, payouts: computed.payouts, after: computed.after };
};

/** A settlement's input but its accumulators, which `compute` takes already read. */
export type ClaimToSettle = Omit<SettlementInput, 'accumulators'>;

interface Computed {
  readonly facts: ClaimFacts;
  readonly basic: BasicOutcome;
  readonly choice: CategoryChoice;
  readonly payouts: PaidTally;
  readonly outOfPocket: Yuan;
  readonly after: Tally;
}

const compute = (input: ClaimToSettle, before: Tally): Computed => {
  const { pack } = input.policy;
  const facts = readClaimFacts(input.claim, pack, input.heldCategories);
  const basic = basicTier(facts, pack, before);
  const context = { facts, pack, before, basic: basic.amount, referralRefusal: referralRefusalOf(facts, pack) };
  const choice = chooseCategory(context);
  const payouts = payoutsOf(basic, choice.chosen);
  // Σ payouts once: the person's share, the check that it adds up, and the burden all read it.
  const paid = sumOfPayouts(payouts);
  const outOfPocket = facts.costs.total.minus(paid);
  // The tiers and the person's share must add up to the bill, to the fen, and the person never gets money back.
  assertSettlement(facts, payouts, paid, outOfPocket);
  const after = advance(pack, facts, before, basic, choice.chosen, payouts, paid, outOfPocket);
  return { facts, basic, choice, payouts, outOfPocket, after };
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

const assertSettlement = (facts: ClaimFacts, payouts: PaidTally, paid: Yuan, outOfPocket: Yuan): void => {
  assert(paid.plus(outOfPocket).equals(facts.costs.total), () => `settlement does not add up: ${paid.toString()} + ${outOfPocket.toString()} ≠ ${facts.costs.total.toString()}`);
  const negative = Object.entries(payouts).find(([, amount]) => (amount as Yuan).isNegative());
  assert(negative === undefined, () => `settlement pays a negative ${negative?.[0]} amount`);
  assert(!outOfPocket.isNegative(), () => `settlement leaves a negative out-of-pocket amount ${outOfPocket.toString()}`);
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
  paid: Yuan,
  outOfPocket: Yuan,
): Tally => {
  const policyScopeBurden = facts.policyScope.plus(includedCategoryB(pack, facts)).minus(paid);
  assert(!policyScopeBurden.isNegative(), () => `payouts exceed the policy scope by ${policyScopeBurden.negated().toString()}`);
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
    diseases: basic.diseases,
  };
};

/**
 * The steps around the tiers carry no figures of their own: the policy, the dates, the categories, the
 * costs, the accumulators and the amounts are fields of the settlement (and of its event), and the
 * explanation reads them there.
 */
const referenceStep = (pack: PolicyPack): TraceStep => traceStep(`reference-date.${pack.identityDate}`);

const categoriesStep = (facts: ClaimFacts): TraceStep[] => [
  traceStep(facts.categories.held.length === 0 ? 'categories.none' : 'categories.held'),
  ...facts.categories.aliases.map((alias) => traceStep('categories.alias', { held: alias.held, as: alias.as }, 'categoryAliases')),
];

const policyScopeStep = (facts: ClaimFacts): TraceStep =>
  facts.outOfAreaWaived ? traceStep('policy-scope.waived', undefined, 'basic.waiveOutOfAreaFirstSelfPay') : traceStep('policy-scope');

const traceOf = (input: SettlementInput, facts: ClaimFacts, basic: BasicOutcome, choice: CategoryChoice): TraceStep[] => {
  const { pack } = input.policy;
  const { chosen } = choice;
  return [
    traceStep('policy'),
    referenceStep(pack),
    ...categoriesStep(facts),
    policyScopeStep(facts),
    ...basic.steps,
    choice.step(),
    ...chosen.critical.steps,
    ...chosen.assistance.steps,
    ...chosen.reassistance.steps,
    traceStep('accumulators'),
    traceStep('out-of-pocket'),
  ];
};
