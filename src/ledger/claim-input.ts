import { DomainError } from '../domain/domain-error';
import { formatYuan, parseYuan } from '../domain/money';
import { DISEASE_CODE_FORMS, isDiseaseCode } from '../domain/policy/disease-code';
import type { Claim, ClaimCosts } from '../domain/policy/settlement.types';
import type { Scheme } from '../domain/vocabulary';
import type { SubmitClaimInput } from './ledger.types';

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const COST_FIELDS: ReadonlyArray<keyof ClaimCosts> = ['total', 'outOfCatalog', 'categoryBSelfPay', 'overStandard', 'outOfAreaFirstSelfPay'];

/**
 * Turns a submitted claim into the canonical `Claim` the domain settles and hashes: every amount with
 * two decimals, absent cost parts as "0.00", absent flags as false. The HTTP edge validates first; this
 * is the last line for the other edges (scenario files), so it refuses rather than guesses.
 */
export const normalizeClaim = (input: SubmitClaimInput, scheme: Scheme): Claim => {
  requireDate(input.admissionDate, 'admissionDate');
  requireDate(input.dischargeDate, 'dischargeDate');
  if (input.dischargeDate < input.admissionDate) invalid(`dischargeDate ${input.dischargeDate} is before admissionDate ${input.admissionDate}`);
  const costs = Object.fromEntries(COST_FIELDS.map((field) => [field, amount(input.costs[field] ?? '0', `costs.${field}`)])) as unknown as ClaimCosts;
  const claim: Claim = {
    claimId: input.claimId,
    personId: input.personId,
    scheme,
    kind: input.kind,
    admissionDate: input.admissionDate,
    dischargeDate: input.dischargeDate,
    hospitalLevel: input.hospitalLevel,
    location: input.location,
    referred: input.referred ?? false,
    relocationFiled: input.relocationFiled ?? false,
    costs,
    ...(input.severeMentalDisorder ? { severeMentalDisorder: { bedDays: bedDays(input.severeMentalDisorder.bedDays) } } : {}),
    ...(input.diseaseCode !== undefined ? { diseaseCode: diseaseCode(input.diseaseCode) } : {}),
    ...(input.adjudicated ? { adjudicated: adjudicated(input.adjudicated) } : {}),
  };
  return claim;
};

const adjudicated = (given: NonNullable<SubmitClaimInput['adjudicated']>): NonNullable<Claim['adjudicated']> => ({
  ...(given.basic !== undefined ? { basic: amount(given.basic, 'adjudicated.basic') } : {}),
  ...(given.critical !== undefined ? { critical: amount(given.critical, 'adjudicated.critical') } : {}),
});

const amount = (text: string, field: string): string => {
  try {
    return formatYuan(parseYuan(String(text), field));
  } catch (error) {
    return invalid((error as Error).message);
  }
};

const bedDays = (days: number): number =>
  Number.isInteger(days) && days >= 0 && days <= 366 ? days : invalid(`severeMentalDisorder.bedDays must be an integer from 0 to 366, got ${days}`);

const diseaseCode = (code: string): string => (isDiseaseCode(code) ? code : invalid(`diseaseCode ${JSON.stringify(code)} must be ${DISEASE_CODE_FORMS}`));

const requireDate = (value: string, field: string): void => {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) invalid(`${field} must be an ISO date (YYYY-MM-DD), got ${JSON.stringify(value)}`);
};

const invalid = (message: string): never => {
  throw new DomainError('unprocessable', 'INVALID_CLAIM', message);
};
