import { parseYuan, ZERO, type Yuan } from '../money';
import { isIsoDate, isWithin, yearOf } from '../iso-date';
import { CLAIM_KINDS, HOSPITAL_LEVELS, LOCATIONS, SCHEMES, type Category, type IsoDate } from '../vocabulary';
import { applyAliases, holdsAnyOf, type AliasedCategories } from './categories';
import { DISEASE_CODE_FORMS, isDiseaseCode } from './disease-code';
import type { ClaimFacet } from './pack-values';
import type { PolicyPack } from './policy-pack';
import { SettlementRefused, type Claim } from './settlement.types';

/**
 * A claim checked and read into decimals, with what the pack makes of it: the reference date, the
 * benefit year, the categories after aliases and the policy-scope cost P (domain contract §2).
 */

export interface ClaimCostsTally {
  readonly total: Yuan;
  readonly outOfCatalog: Yuan;
  readonly categoryBSelfPay: Yuan;
  readonly overStandard: Yuan;
  readonly outOfAreaFirstSelfPay: Yuan;
}

export interface ClaimFacts {
  readonly claim: Claim;
  readonly referenceDate: IsoDate;
  readonly year: number;
  readonly costs: ClaimCostsTally;
  readonly categories: AliasedCategories;
  /** True when 异地就医个人首先自付 stays inside P (Heze §一(五)2). */
  readonly outOfAreaWaived: boolean;
  readonly policyScope: Yuan;
  readonly adjudicated: { readonly basic: Yuan | null; readonly critical: Yuan | null };
}

/** Bed days of one stay beyond a year are a data error. */
const MAX_BED_DAYS = 366;

const invalid = (message: string): never => {
  throw new SettlementRefused('INVALID_CLAIM', message);
};

const readCost = (text: string | undefined, field: string): Yuan => {
  // Most excluded costs are nothing: no decimal to parse or to allocate.
  if (text === '0.00') return ZERO;
  let value: Yuan = ZERO;
  try {
    value = parseYuan(text as string, field);
  } catch (error) {
    invalid(error instanceof Error ? error.message : String(error));
  }
  if (value.isNegative()) invalid(`${field} must not be negative, got ${text}`);
  return value;
};

const checkShape = (claim: Claim): void => {
  if (!SCHEMES.includes(claim.scheme)) invalid(`scheme ${String(claim.scheme)} is not one of ${SCHEMES.join(', ')}`);
  if (!CLAIM_KINDS.includes(claim.kind)) invalid(`kind ${String(claim.kind)} is not one of ${CLAIM_KINDS.join(', ')}`);
  if (!HOSPITAL_LEVELS.includes(claim.hospitalLevel)) invalid(`hospitalLevel ${String(claim.hospitalLevel)} is unknown`);
  if (!LOCATIONS.includes(claim.location)) invalid(`location ${String(claim.location)} is unknown`);
  if (!isIsoDate(claim.admissionDate)) invalid(`admissionDate ${JSON.stringify(claim.admissionDate)} is not an ISO date`);
  if (!isIsoDate(claim.dischargeDate)) invalid(`dischargeDate ${JSON.stringify(claim.dischargeDate)} is not an ISO date`);
  if (claim.admissionDate > claim.dischargeDate) invalid(`admissionDate ${claim.admissionDate} is after dischargeDate ${claim.dischargeDate}`);
  const bedDays = claim.severeMentalDisorder?.bedDays;
  if (bedDays !== undefined && (!Number.isSafeInteger(bedDays) || bedDays < 0 || bedDays > MAX_BED_DAYS)) {
    invalid(`severeMentalDisorder.bedDays must be an integer from 0 to ${MAX_BED_DAYS}, got ${bedDays}`);
  }
  if (claim.diseaseCode !== undefined && !isDiseaseCode(claim.diseaseCode)) {
    invalid(`diseaseCode ${JSON.stringify(claim.diseaseCode)} must be ${DISEASE_CODE_FORMS}`);
  }
};

/** What the pack's table rows select on (kind, level, location, referral, categories held). */
export const facetOf = (facts: ClaimFacts): ClaimFacet => ({
  kind: facts.claim.kind,
  hospitalLevel: facts.claim.hospitalLevel,
  location: facts.claim.location,
  referred: facts.claim.referred,
  categories: [...facts.categories.held, ...facts.categories.effective],
});

const readCosts = (claim: Claim): ClaimCostsTally => ({
  total: readCost(claim.costs.total, 'costs.total'),
  outOfCatalog: readCost(claim.costs.outOfCatalog, 'costs.outOfCatalog'),
  categoryBSelfPay: readCost(claim.costs.categoryBSelfPay, 'costs.categoryBSelfPay'),
  overStandard: readCost(claim.costs.overStandard, 'costs.overStandard'),
  outOfAreaFirstSelfPay: readCost(claim.costs.outOfAreaFirstSelfPay, 'costs.outOfAreaFirstSelfPay'),
});

const readAdjudicated = (claim: Claim): ClaimFacts['adjudicated'] => {
  const { basic, critical } = claim.adjudicated ?? {};
  const read = (text: string | undefined, field: string): Yuan | null => (text === undefined ? null : readCost(text, field));
  const adjudicated = { basic: read(basic, 'adjudicated.basic'), critical: read(critical, 'adjudicated.critical') };
  if (claim.scheme === 'EMPLOYEE' && (adjudicated.basic === null || adjudicated.critical === null)) {
    // No seed gives employee-scheme parameters, so the ledger never computes those tiers itself.
    throw new SettlementRefused('ADJUDICATION_REQUIRED', `EMPLOYEE-scheme claim ${claim.claimId} must carry adjudicated basic and critical amounts`);
  }
  return adjudicated;
};

const isOutOfAreaWaived = (pack: PolicyPack, claim: Claim, categories: AliasedCategories): boolean => {
  const waiver = pack.basic.waiveOutOfAreaFirstSelfPay;
  return waiver !== undefined && waiver.locations.includes(claim.location) && holdsAnyOf(categories, waiver.categories);
};

export const referenceDateOf = (pack: PolicyPack, claim: Pick<Claim, 'admissionDate' | 'dischargeDate'>): IsoDate =>
  pack.identityDate === 'admission' ? claim.admissionDate : claim.dischargeDate;

export const readClaimFacts = (claim: Claim, pack: PolicyPack, heldCategories: readonly Category[]): ClaimFacts => {
  checkShape(claim);
  const referenceDate = referenceDateOf(pack, claim);
  if (!isWithin(referenceDate, pack.effectiveFrom, pack.effectiveTo)) {
    throw new SettlementRefused(
      'NO_POLICY_IN_FORCE',
      `revision ${pack.revision} of ${pack.region} is in force ${pack.effectiveFrom} to ${pack.effectiveTo ?? 'open'}, not on the reference date ${referenceDate}`,
    );
  }
  const costs = readCosts(claim);
  const categories = applyAliases(pack, heldCategories);
  const outOfAreaWaived = isOutOfAreaWaived(pack, claim, categories);
  const policyScope = costs.total
    .minus(costs.outOfCatalog)
    .minus(costs.categoryBSelfPay)
    .minus(costs.overStandard)
    .minus(outOfAreaWaived ? ZERO : costs.outOfAreaFirstSelfPay);
  if (policyScope.isNegative()) {
    throw new SettlementRefused('POLICY_SCOPE_NEGATIVE', `claim ${claim.claimId}: the excluded costs exceed the total, policy scope ${policyScope.toString()}`);
  }
  const adjudicated = readAdjudicated(claim);
  return { claim, referenceDate, year: yearOf(referenceDate), costs, categories, outOfAreaWaived, policyScope, adjudicated };
};
