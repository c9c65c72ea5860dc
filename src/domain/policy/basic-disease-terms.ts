import { floorAtZero, formatYuan, minYuan, parseYuan, roundToFenHalfUp, ZERO, type Yuan } from '../money';
import type { DiseaseTally, Tally } from './accumulators';
import type { ClaimFacts } from './claim-facts';
import { diseaseCodeMatches } from './disease-code';
import { readRatio } from './pack-values';
import type { DiseaseRule, PolicyPack } from './policy-pack';
import type { TraceStep } from './settlement.types';
import { capText, exactValue, traceStep } from './trace';

/**
 * Basic insurance under per-disease terms (门诊慢特病 by 病种): an outpatient claim whose disease code the
 * pack lists pays that disease's own annual deductible, at its ratio, within its annual limit and
 * within what is left of `basic.annualCap`. The disease's deductible replaces the shared outpatient
 * deductible for the claim (design choice: a region that sets 起付线 by 病种 sets it instead of the general
 * one), so the shared one is neither applied nor consumed.
 */

export interface DiseaseTerms {
  readonly rule: DiseaseRule;
  /** The rule's pack path, "basic.diseases.list.1", cited by the trace. */
  readonly path: string;
  /** The accumulator key: the rule's first code. */
  readonly key: string;
}

/** The pack's disease rule for this claim, or null when the claim has no code, the kind is not covered or the code is not listed. */
export const diseaseTermsOf = (facts: ClaimFacts, pack: PolicyPack): DiseaseTerms | null => {
  const tables = pack.basic.diseases;
  const code = facts.claim.diseaseCode;
  if (tables === undefined || code === undefined || !tables.kinds.includes(facts.claim.kind)) return null;
  const index = tables.list.findIndex((candidate) => candidate.codes.some((listed) => diseaseCodeMatches(listed, code)));
  if (index < 0) return null;
  const rule = tables.list[index]!;
  return { rule, path: `basic.diseases.list.${index}`, key: rule.codes[0]! };
};

/** Why a coded claim still uses the general tables, as a trace step; none when there is nothing to say. */
export const diseaseNotListedStep = (facts: ClaimFacts, pack: PolicyPack): TraceStep[] => {
  const code = facts.claim.diseaseCode;
  const tables = pack.basic.diseases;
  if (code === undefined || tables === undefined) return [];
  return tables.kinds.includes(facts.claim.kind)
    ? [traceStep('basic.disease-not-listed', { diseaseCode: code }, 'basic.diseases')]
    : [traceStep('basic.disease-kind', { diseaseCode: code, kind: facts.claim.kind, kinds: tables.kinds.join(',') }, 'basic.diseases')];
};

const usageOf = (before: Tally, key: string): DiseaseTally => before.diseases.get(key) ?? { deductibleConsumed: ZERO, paid: ZERO };

/** The disease usage after a claim paid `amount` and consumed `consumed` of the disease's deductible. */
export const withDiseaseUsage = (before: Tally, key: string, consumed: Yuan, amount: Yuan): ReadonlyMap<string, DiseaseTally> => {
  const used = usageOf(before, key);
  return new Map(before.diseases).set(key, { deductibleConsumed: used.deductibleConsumed.plus(consumed), paid: used.paid.plus(amount) });
};

export interface DiseaseBasic {
  readonly amount: Yuan;
  readonly diseases: ReadonlyMap<string, DiseaseTally>;
  readonly steps: readonly TraceStep[];
}

export const diseaseBasic = (facts: ClaimFacts, before: Tally, terms: DiseaseTerms, basicRemaining: Yuan | null): DiseaseBasic => {
  const { rule, key, path } = terms;
  const used = usageOf(before, key);
  const full = parseYuan(rule.deductible, `${path}.deductible`);
  const ratio = readRatio(rule.ratio, `${path}.ratio`);
  const applied = floorAtZero(full.minus(used.deductibleConsumed));
  const consumed = minYuan(facts.policyScope, applied);
  const cap = rule.annualCap === null ? null : parseYuan(rule.annualCap, `${path}.annualCap`);
  const diseaseRemaining = cap === null ? null : floorAtZero(cap.minus(used.paid));
  const base = floorAtZero(facts.policyScope.minus(applied));
  const limits = [diseaseRemaining, basicRemaining].filter((limit): limit is Yuan => limit !== null);
  const exact = limits.reduce((least, limit) => minYuan(least, limit), base.times(ratio));
  const amount = roundToFenHalfUp(exact);
  const values = {
    diseaseCode: facts.claim.diseaseCode!,
    disease: rule.name,
    deductible: formatYuan(full),
    deductibleConsumedBefore: formatYuan(used.deductibleConsumed),
    deductibleApplied: formatYuan(applied),
    base: formatYuan(base),
    ratio: rule.ratio,
    cap: capText(cap),
    capRemainingBefore: capText(diseaseRemaining),
    capRemainingAfter: capText(diseaseRemaining === null ? null : diseaseRemaining.minus(amount)),
    basicCapRemainingBefore: capText(basicRemaining),
    ...exactValue(exact, amount),
  };
  const capReached = diseaseRemaining !== null && base.times(ratio).greaterThan(diseaseRemaining);
  const steps = [
    traceStep('basic.disease', values, path),
    ...(capReached ? [traceStep('limit.cap-reached', { tier: 'basic', cap: capText(cap), capRemainingBefore: formatYuan(diseaseRemaining!) }, `${path}.annualCap`)] : []),
  ];
  return { amount, diseases: withDiseaseUsage(before, key, consumed, amount), steps };
};
