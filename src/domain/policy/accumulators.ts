import { formatYuan, parseYuan, ZERO, type Yuan } from '../money';
import type { Accumulators, DiseaseUsage, Payouts } from './settlement.types';

/**
 * Accumulators of a person-year as decimals while the engine computes (a "tally"), and as strings
 * with two decimals in events. Reading checks every amount, so a corrupted event cannot slip a
 * negative base or a malformed number into a settlement.
 */

export interface PaidTally {
  readonly basic: Yuan;
  readonly critical: Yuan;
  readonly assistance: Yuan;
  readonly reassistance: Yuan;
}

export interface Tally {
  readonly criticalBase: Yuan;
  readonly assistanceBase: Yuan;
  readonly reassistanceBase: Yuan;
  readonly paid: PaidTally;
  readonly outpatientDeductibleConsumed: Yuan;
  readonly inpatientDeductiblePaid: Yuan;
  readonly burdenTotal: Yuan;
  readonly burdenPolicyScope: Yuan;
  readonly claimCount: number;
  /** Per-disease outpatient usage (deductible consumed, basic paid), keyed by the disease rule's first code. */
  readonly diseases: ReadonlyMap<string, DiseaseTally>;
}

export interface DiseaseTally {
  readonly deductibleConsumed: Yuan;
  readonly paid: Yuan;
}

/** More distinct diseases than this in one person-year is a data error, not a patient. */
export const MAX_DISEASES_PER_YEAR = 200;

const ZERO_TEXT = '0.00';

export const emptyAccumulators = (): Accumulators => ({
  criticalBase: ZERO_TEXT,
  assistanceBase: ZERO_TEXT,
  reassistanceBase: ZERO_TEXT,
  paid: { basic: ZERO_TEXT, critical: ZERO_TEXT, assistance: ZERO_TEXT, reassistance: ZERO_TEXT },
  outpatientDeductibleConsumed: ZERO_TEXT,
  inpatientDeductiblePaid: ZERO_TEXT,
  burdenTotal: ZERO_TEXT,
  burdenPolicyScope: ZERO_TEXT,
  claimCount: 0,
});

const readAmount = (text: string, field: string): Yuan => {
  // Early in a year most accumulators are nothing: no decimal to parse or to allocate.
  if (text === ZERO_TEXT) return ZERO;
  const value = parseYuan(text, `accumulators.${field}`);
  if (value.isNegative()) throw new RangeError(`accumulators.${field} must not be negative, got ${text}`);
  return value;
};

export const readPayouts = (payouts: Payouts, field = 'paid'): PaidTally => ({
  basic: readAmount(payouts.basic, `${field}.basic`),
  critical: readAmount(payouts.critical, `${field}.critical`),
  assistance: readAmount(payouts.assistance, `${field}.assistance`),
  reassistance: readAmount(payouts.reassistance, `${field}.reassistance`),
});

export const readAccumulators = (accumulators: Accumulators): Tally => {
  if (!Number.isSafeInteger(accumulators.claimCount) || accumulators.claimCount < 0) {
    throw new RangeError(`accumulators.claimCount must be a non-negative integer, got ${accumulators.claimCount}`);
  }
  return {
    criticalBase: readAmount(accumulators.criticalBase, 'criticalBase'),
    assistanceBase: readAmount(accumulators.assistanceBase, 'assistanceBase'),
    reassistanceBase: readAmount(accumulators.reassistanceBase, 'reassistanceBase'),
    paid: readPayouts(accumulators.paid),
    outpatientDeductibleConsumed: readAmount(accumulators.outpatientDeductibleConsumed, 'outpatientDeductibleConsumed'),
    inpatientDeductiblePaid: readAmount(accumulators.inpatientDeductiblePaid, 'inpatientDeductiblePaid'),
    burdenTotal: readAmount(accumulators.burdenTotal, 'burdenTotal'),
    burdenPolicyScope: readAmount(accumulators.burdenPolicyScope, 'burdenPolicyScope'),
    claimCount: accumulators.claimCount,
    diseases: readDiseases(accumulators.diseases),
  };
};

const readDiseases = (usage: Accumulators['diseases']): ReadonlyMap<string, DiseaseTally> => {
  const entries = Object.entries(usage ?? {});
  if (entries.length > MAX_DISEASES_PER_YEAR) throw new RangeError(`accumulators.diseases has ${entries.length} entries, more than ${MAX_DISEASES_PER_YEAR}`);
  return new Map(
    entries.map(([code, used]) => [
      code,
      { deductibleConsumed: readAmount(used.deductibleConsumed, `diseases.${code}.deductibleConsumed`), paid: readAmount(used.paid, `diseases.${code}.paid`) },
    ]),
  );
};

/** Sorted by code so that the same usage always writes the same canonical JSON. */
const writeDiseases = (diseases: ReadonlyMap<string, DiseaseTally>): Record<string, DiseaseUsage> =>
  Object.fromEntries(
    [...diseases.keys()].sort().map((code) => {
      const used = diseases.get(code)!;
      return [code, { deductibleConsumed: formatYuan(used.deductibleConsumed), paid: formatYuan(used.paid) }];
    }),
  );

export const writePayouts = (paid: PaidTally): Payouts => ({
  basic: formatYuan(paid.basic),
  critical: formatYuan(paid.critical),
  assistance: formatYuan(paid.assistance),
  reassistance: formatYuan(paid.reassistance),
});

export const writeAccumulators = (tally: Tally): Accumulators => ({
  criticalBase: formatYuan(tally.criticalBase),
  assistanceBase: formatYuan(tally.assistanceBase),
  reassistanceBase: formatYuan(tally.reassistanceBase),
  paid: writePayouts(tally.paid),
  outpatientDeductibleConsumed: formatYuan(tally.outpatientDeductibleConsumed),
  inpatientDeductiblePaid: formatYuan(tally.inpatientDeductiblePaid),
  burdenTotal: formatYuan(tally.burdenTotal),
  burdenPolicyScope: formatYuan(tally.burdenPolicyScope),
  claimCount: tally.claimCount,
  ...(tally.diseases.size === 0 ? {} : { diseases: writeDiseases(tally.diseases) }),
});

/**
 * Whether a tally is what `written` records: the same fields, and every amount equal to its written
 * one, compared without writing the tally (`FixedDecimal.equalsText`). A reassessment checks every
 * replayed claim this way and writes accumulators only for the few that changed.
 */
export const tallyMatches = (tally: Tally, written: Accumulators): boolean =>
  tally.claimCount === written.claimCount &&
  definedKeyCount(written) === (tally.diseases.size === 0 ? ACCUMULATOR_FIELDS : ACCUMULATOR_FIELDS + 1) &&
  tally.criticalBase.equalsText(written.criticalBase) &&
  tally.assistanceBase.equalsText(written.assistanceBase) &&
  tally.reassistanceBase.equalsText(written.reassistanceBase) &&
  paidMatches(tally.paid, written.paid) &&
  tally.outpatientDeductibleConsumed.equalsText(written.outpatientDeductibleConsumed) &&
  tally.inpatientDeductiblePaid.equalsText(written.inpatientDeductiblePaid) &&
  tally.burdenTotal.equalsText(written.burdenTotal) &&
  tally.burdenPolicyScope.equalsText(written.burdenPolicyScope) &&
  diseasesMatch(tally.diseases, written.diseases);

/** Whether payouts are those written, amount by amount (see `tallyMatches`). */
export const paidMatches = (paid: PaidTally, written: Payouts): boolean =>
  definedKeyCount(written) === TIERS_PAID &&
  paid.basic.equalsText(written.basic) &&
  paid.critical.equalsText(written.critical) &&
  paid.assistance.equalsText(written.assistance) &&
  paid.reassistance.equalsText(written.reassistance);

/** The fields accumulators hold besides `diseases`, and the tiers paid: what `writeAccumulators` writes. */
const ACCUMULATOR_FIELDS = Object.keys(emptyAccumulators()).length;
const TIERS_PAID = Object.keys(emptyAccumulators().paid).length;

const diseasesMatch = (diseases: ReadonlyMap<string, DiseaseTally>, written: Accumulators['diseases']): boolean => {
  if (written === undefined) return diseases.size === 0;
  if (definedKeyCount(written) !== diseases.size) return false;
  for (const [code, used] of diseases) {
    const recorded = written[code];
    if (recorded === undefined || definedKeyCount(recorded) !== 2) return false;
    if (!used.deductibleConsumed.equalsText(recorded.deductibleConsumed) || !used.paid.equalsText(recorded.paid)) return false;
  }
  return true;
};

/** Keys whose value is defined (an undefined member is absent from the event's JSON), counted without listing them. */
const definedKeyCount = (record: object): number => {
  let count = 0;
  for (const key in record) if ((record as Record<string, unknown>)[key] !== undefined) count += 1;
  return count;
};

export const addPayouts = (left: PaidTally, right: PaidTally): PaidTally => ({
  basic: left.basic.plus(right.basic),
  critical: left.critical.plus(right.critical),
  assistance: left.assistance.plus(right.assistance),
  reassistance: left.reassistance.plus(right.reassistance),
});

export const sumOfPayouts = (paid: PaidTally): Yuan => paid.basic.plus(paid.critical).plus(paid.assistance).plus(paid.reassistance);
