import { floorAtZero, formatYuan, maxYuan, minYuan, parseYuan, roundToFenHalfUp, type Yuan } from '../money';
import type { Tally } from './accumulators';
import { holdsAnyOf } from './categories';
import type { ClaimFacts } from './claim-facts';
import { describeHit, lookUp, provenanceOfHit, readRatio } from './pack-values';
import type { PolicyPack } from './policy-pack';
import { clauseOf } from './provenance';
import { SettlementRefused, type TraceStep } from './settlement.types';
import { resolveCap } from './statistics';
import { capText, roundingValues, traceStep } from './trace';

/**
 * Tier 1, basic insurance (domain contract §2.1):
 * basic = min(max(0, P − deductible) × ratio, remaining(annualCap)).
 */

export interface BasicOutcome {
  readonly amount: Yuan;
  /** The deductible accumulators after this claim. */
  readonly outpatientDeductibleConsumed: Yuan;
  readonly inpatientDeductiblePaid: Yuan;
  readonly steps: readonly TraceStep[];
}

interface Deductible {
  /** What this claim must bear before the fund pays. */
  readonly applied: Yuan;
  readonly outpatientAfter: Yuan;
  readonly inpatientAfter: Yuan;
  readonly explanation: string;
}

/** Guizhou §二(三)4: a referred in-province stay of a low-income person following another this year. */
const isContinuous = (facts: ClaimFacts, pack: PolicyPack, before: Tally): boolean => {
  const rule = pack.basic.continuousDeductible;
  const { claim } = facts;
  return (
    rule !== undefined &&
    claim.referred &&
    claim.location !== 'OUT_OF_PROVINCE' &&
    before.inpatientDeductiblePaid.greaterThan(0) &&
    holdsAnyOf(facts.categories, rule.categories)
  );
};

const inpatientDeductible = (facts: ClaimFacts, pack: PolicyPack, before: Tally, full: Yuan): Deductible => {
  const previous = before.inpatientDeductiblePaid;
  if (!isContinuous(facts, pack, before)) {
    const consumed = minYuan(facts.policyScope, full);
    return {
      applied: full,
      outpatientAfter: before.outpatientDeductibleConsumed,
      inpatientAfter: maxYuan(previous, consumed),
      explanation: `The inpatient deductible ${formatYuan(full)} applies to this stay (per episode).`,
    };
  }
  // 起付线连续计算: the stay pays only what its own deductible exceeds the one already borne this year.
  const applied = floorAtZero(full.minus(previous));
  const consumed = minYuan(facts.policyScope, applied);
  return {
    applied,
    outpatientAfter: before.outpatientDeductibleConsumed,
    inpatientAfter: previous.plus(consumed),
    explanation:
      `The deductible is continuous for this referred in-province stay: ${formatYuan(full)} less ${formatYuan(previous)} ` +
      `already borne this year leaves ${formatYuan(applied)}.`,
  };
};

const outpatientDeductible = (facts: ClaimFacts, before: Tally, full: Yuan): Deductible => {
  const consumedBefore = before.outpatientDeductibleConsumed;
  const applied = floorAtZero(full.minus(consumedBefore));
  const consumed = minYuan(facts.policyScope, applied);
  return {
    applied,
    outpatientAfter: consumedBefore.plus(consumed),
    inpatientAfter: before.inpatientDeductiblePaid,
    explanation:
      `The outpatient deductible ${formatYuan(full)} is paid once a year; ${formatYuan(consumedBefore)} was consumed before, ` +
      `so ${formatYuan(applied)} applies to this claim.`,
  };
};

const adjudicatedBasic = (facts: ClaimFacts, before: Tally, amount: Yuan): BasicOutcome => {
  if (amount.greaterThan(facts.policyScope)) {
    throw new SettlementRefused('INVALID_CLAIM', `adjudicated basic ${formatYuan(amount)} exceeds the policy scope ${formatYuan(facts.policyScope)}`);
  }
  // The ledger cannot know how the fund applied its deductible, so the deductible accumulators stay as they were.
  const explanation =
    `Basic insurance was adjudicated elsewhere (one-stop settlement): ${formatYuan(amount)} is recorded as paid, ` +
    `not computed, and the deductible accumulators are left unchanged.`;
  return {
    amount,
    outpatientDeductibleConsumed: before.outpatientDeductibleConsumed,
    inpatientDeductiblePaid: before.inpatientDeductiblePaid,
    steps: [traceStep('basic', explanation, 'adjudicated', { adjudicated: formatYuan(amount), paidBefore: formatYuan(before.paid.basic) })],
  };
};

export const basicTier = (facts: ClaimFacts, pack: PolicyPack, before: Tally): BasicOutcome => {
  if (facts.adjudicated.basic !== null) return adjudicatedBasic(facts, before, facts.adjudicated.basic);
  const { claim } = facts;
  const deductibleHit = lookUp(pack.basic.deductible, claim);
  const ratioHit = lookUp(pack.basic.ratio, claim);
  const full = parseYuan(deductibleHit.value, 'basic.deductible');
  const ratio = readRatio(ratioHit.value, 'basic.ratio');
  const deductible = claim.kind === 'INPATIENT' ? inpatientDeductible(facts, pack, before, full) : outpatientDeductible(facts, before, full);
  const cap = resolveCap(pack, pack.basic.annualCap, facts.year, 'basic annual cap');
  const remaining = cap === null ? null : floorAtZero(cap.value.minus(before.paid.basic));
  const base = floorAtZero(facts.policyScope.minus(deductible.applied));
  const exact = remaining === null ? base.times(ratio) : minYuan(base.times(ratio), remaining);
  const amount = roundToFenHalfUp(exact);
  const explanation =
    `${deductible.explanation} Basic insurance pays ${ratioHit.value} (${describeHit(ratioHit)}) of the policy scope above it, ` +
    `within what is left of the annual cap.` + (cap?.derivation ? ` ${cap.derivation}` : '');
  const values = {
    policyScope: formatYuan(facts.policyScope),
    deductible: formatYuan(full),
    deductibleApplied: formatYuan(deductible.applied),
    base: formatYuan(base),
    ratio: ratioHit.value,
    cap: capText(cap?.value ?? null),
    capRemainingBefore: capText(remaining),
    capRemainingAfter: capText(remaining === null ? null : remaining.minus(amount)),
    ...roundingValues(exact, amount),
  };
  return {
    amount,
    outpatientDeductibleConsumed: deductible.outpatientAfter,
    inpatientDeductiblePaid: deductible.inpatientAfter,
    steps: [traceStep('basic', explanation, clauseOf(provenanceOfHit(pack.basic.ratio, ratioHit), pack.basic.ratio, pack.basic), values)],
  };
};
