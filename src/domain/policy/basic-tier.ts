import { floorAtZero, formatYuan, maxYuan, minYuan, parseYuan, roundToFenHalfUp, ZERO, type Yuan } from '../money';
import type { DiseaseTally, Tally } from './accumulators';
import { diseaseBasic, diseaseNotListedStep, diseaseTermsOf, withDiseaseUsage } from './basic-disease-terms';
import { holdsAnyOf } from './categories';
import { facetOf, type ClaimFacts } from './claim-facts';
import { lookUp, readRatio, type TableHit } from './pack-values';
import { memoized } from './pack-memo';
import type { PolicyPack } from './policy-pack';
import { SettlementRefused, type TraceStep } from './settlement.types';
import { resolveCap } from './statistics';
import { capText, exactValue, traceStep, withLazySteps } from './trace';

/**
 * Tier 1, basic insurance (domain contract §2.1):
 * basic = min(max(0, P − deductible) × ratio, remaining(annualCap)).
 */

export interface BasicOutcome {
  readonly amount: Yuan;
  /** The deductible accumulators after this claim. */
  readonly outpatientDeductibleConsumed: Yuan;
  readonly inpatientDeductiblePaid: Yuan;
  readonly diseases: ReadonlyMap<string, DiseaseTally>;
  readonly steps: readonly TraceStep[];
}

interface Deductible {
  /** What this claim must bear before the fund pays. */
  readonly applied: Yuan;
  readonly outpatientAfter: Yuan;
  readonly inpatientAfter: Yuan;
  /** Trace key and the figures that say how the deductible applies. */
  readonly key: string;
  readonly values: Record<string, string>;
}

/**
 * Guizhou §二(三)4: a referred in-province stay of a low-income person following another in-province
 * stay this year. Out-of-province stays are outside the chain (domain contract §2.1): they neither use
 * it nor add to it.
 */
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
    const inProvince = facts.claim.location !== 'OUT_OF_PROVINCE';
    return {
      applied: full,
      outpatientAfter: before.outpatientDeductibleConsumed,
      inpatientAfter: inProvince ? maxYuan(previous, consumed) : previous,
      key: 'basic.inpatient',
      values: {},
    };
  }
  // 起付线连续计算: the stay pays only what its own deductible exceeds the one already borne this year.
  const applied = floorAtZero(full.minus(previous));
  const consumed = minYuan(facts.policyScope, applied);
  return {
    applied,
    outpatientAfter: before.outpatientDeductibleConsumed,
    inpatientAfter: previous.plus(consumed),
    key: 'basic.inpatient-continuous',
    values: { deductibleBorne: formatYuan(previous), deductibleApplied: formatYuan(applied) },
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
    key: 'basic.outpatient',
    values: { deductibleConsumedBefore: formatYuan(consumedBefore), deductibleApplied: formatYuan(applied) },
  };
};

const adjudicatedBasic = (facts: ClaimFacts, pack: PolicyPack, before: Tally, amount: Yuan): BasicOutcome => {
  if (amount.greaterThan(facts.policyScope)) {
    throw new SettlementRefused('INVALID_CLAIM', `adjudicated basic ${formatYuan(amount)} exceeds the policy scope ${formatYuan(facts.policyScope)}`);
  }
  // The ledger cannot know how the fund applied its deductible, so the deductible accumulators stay as they were.
  // Adjudicated amounts count as paid, so a per-disease limit sees them too.
  const terms = diseaseTermsOf(facts, pack);
  return {
    amount,
    outpatientDeductibleConsumed: before.outpatientDeductibleConsumed,
    inpatientDeductiblePaid: before.inpatientDeductiblePaid,
    diseases: terms === null ? before.diseases : withDiseaseUsage(before, terms.key, ZERO, amount),
    steps: [traceStep('basic.adjudicated', { adjudicated: formatYuan(amount) })],
  };
};

const basicCap = (pack: PolicyPack, year: number): ReturnType<typeof resolveCap> =>
  memoized(pack, `basic.annualCap|${year}`, () => resolveCap(pack, pack.basic.annualCap, year, 'basic annual cap'));

/** The pack path of the table cell that matched: a row, or the table (its default). */
const cellPath = (table: string, hit: TableHit<unknown>): string => (hit.row === null ? table : `${table}.rows.${hit.row}`);

export const basicTier = (facts: ClaimFacts, pack: PolicyPack, before: Tally): BasicOutcome => {
  if (facts.adjudicated.basic !== null) return adjudicatedBasic(facts, pack, before, facts.adjudicated.basic);
  const terms = diseaseTermsOf(facts, pack);
  if (terms === null) return tableBasic(facts, pack, before);
  const cap = basicCap(pack, facts.year);
  const disease = diseaseBasic(facts, before, terms, cap === null ? null : floorAtZero(cap.value.minus(before.paid.basic)));
  return {
    amount: disease.amount,
    outpatientDeductibleConsumed: before.outpatientDeductibleConsumed,
    inpatientDeductiblePaid: before.inpatientDeductiblePaid,
    diseases: disease.diseases,
    steps: [...(cap?.step ? [cap.step] : []), ...disease.steps],
  };
};

/** Basic insurance from the deductible and ratio tables: the first row matching the claim and the categories held. */
const tableBasic = (facts: ClaimFacts, pack: PolicyPack, before: Tally): BasicOutcome => {
  const { claim } = facts;
  const facet = facetOf(facts);
  const deductibleHit = lookUp(pack.basic.deductible, facet);
  const ratioHit = lookUp(pack.basic.ratio, facet);
  const full = memoized(pack, `basic.deductible|${deductibleHit.value}`, () => parseYuan(deductibleHit.value, 'basic.deductible'));
  const ratio = memoized(pack, `basic.ratio|${ratioHit.value}`, () => readRatio(ratioHit.value, 'basic.ratio'));
  const deductible = claim.kind === 'INPATIENT' ? inpatientDeductible(facts, pack, before, full) : outpatientDeductible(facts, before, full);
  const cap = basicCap(pack, facts.year);
  const remaining = cap === null ? null : floorAtZero(cap.value.minus(before.paid.basic));
  const base = floorAtZero(facts.policyScope.minus(deductible.applied));
  const exact = remaining === null ? base.times(ratio) : minYuan(base.times(ratio), remaining);
  const amount = roundToFenHalfUp(exact);
  const fields = { amount, outpatientDeductibleConsumed: deductible.outpatientAfter, inpatientDeductiblePaid: deductible.inpatientAfter, diseases: before.diseases };
  return withLazySteps(fields, () => tableSteps(facts, pack, { full, deductible, deductibleHit, ratioHit, cap, remaining, base, ratio, exact, amount }));
};

interface TableFigures {
  readonly full: Yuan;
  readonly deductible: Deductible;
  readonly deductibleHit: TableHit<unknown>;
  readonly ratioHit: TableHit<string>;
  readonly cap: ReturnType<typeof resolveCap>;
  readonly remaining: Yuan | null;
  readonly base: Yuan;
  readonly ratio: Yuan;
  readonly exact: Yuan;
  readonly amount: Yuan;
}

const tableSteps = (facts: ClaimFacts, pack: PolicyPack, { full, deductible, deductibleHit, ratioHit, cap, remaining, base, ratio, exact, amount }: TableFigures): TraceStep[] => {
  const values = {
    deductible: formatYuan(full),
    ...deductible.values,
    base: formatYuan(base),
    ratio: ratioHit.value,
    cap: capText(cap?.value ?? null),
    capRemainingBefore: capText(remaining),
    capRemainingAfter: capText(remaining === null ? null : remaining.minus(amount)),
    ...exactValue(exact, amount),
  };
  const figures = {
    deductible: cellPath('basic.deductible', deductibleHit),
    cap: 'basic.annualCap',
    ...(deductible.key === 'basic.inpatient-continuous' ? { deductibleApplied: 'basic.continuousDeductible' } : {}),
  };
  const limits = [
    ...(base.isZero() ? [traceStep('limit.deductible-not-reached', { tier: 'basic', deductible: formatYuan(deductible.applied) }, figures.deductible)] : []),
    ...(remaining !== null && base.times(ratio).greaterThan(remaining) ? [traceStep('limit.cap-reached', { tier: 'basic', cap: capText(cap!.value), capRemainingBefore: formatYuan(remaining) }, 'basic.annualCap')] : []),
  ];
  return [...(cap?.step ? [cap.step] : []), traceStep(deductible.key, values, cellPath('basic.ratio', ratioHit), figures), ...diseaseNotListedStep(facts, pack), ...limits];
};
