/**
 * The ledger's controlled vocabulary (domain contract §1 and §2). The order of CATEGORIES is the
 * tie-break order of 就高不就低.
 */

export const CATEGORIES = [
  'DESTITUTE',
  'ORPHAN',
  'SUBSISTENCE',
  'RETURNED_TO_POVERTY',
  'MARGINAL',
  'UNSTABLE',
  'EDGE',
  'SUDDEN_HARDSHIP',
  'ILLNESS_IMPOVERISHED',
  'STABLE_OUT_OF_POVERTY',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_NAMES_ZH: Readonly<Record<Category, string>> = {
  DESTITUTE: '特困人员',
  ORPHAN: '孤儿（含事实无人抚养儿童）',
  SUBSISTENCE: '低保对象',
  RETURNED_TO_POVERTY: '返贫致贫人口',
  MARGINAL: '低保边缘家庭成员',
  UNSTABLE: '脱贫不稳定人口',
  EDGE: '边缘易致贫人口',
  SUDDEN_HARDSHIP: '突发严重困难户（支出型困难户）',
  ILLNESS_IMPOVERISHED: '因病致贫重病患者',
  STABLE_OUT_OF_POVERTY: '稳定脱贫人口',
};

export const CATEGORY_NAMES_EN: Readonly<Record<Category, string>> = {
  DESTITUTE: 'Destitute person',
  ORPHAN: 'Orphan (incl. de-facto unsupported child)',
  SUBSISTENCE: 'Subsistence allowance (dibao)',
  RETURNED_TO_POVERTY: 'Returned to poverty',
  MARGINAL: 'Member of a marginal (near-dibao) family',
  UNSTABLE: 'Unstable out of poverty',
  EDGE: 'At risk of poverty (edge)',
  SUDDEN_HARDSHIP: 'Sudden severe hardship',
  ILLNESS_IMPOVERISHED: 'Impoverished by serious illness',
  STABLE_OUT_OF_POVERTY: 'Stably out of poverty',
};

export const DEPARTMENTS = ['CIVIL_AFFAIRS', 'RURAL_REVITALIZATION', 'MEDICAL_SECURITY'] as const;
export type Department = (typeof DEPARTMENTS)[number];

export const SCHEMES = ['RESIDENT', 'EMPLOYEE'] as const;
export type Scheme = (typeof SCHEMES)[number];

export const CLAIM_KINDS = ['INPATIENT', 'OUTPATIENT_CHRONIC', 'HIGH_VALUE_DRUG'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

export const HOSPITAL_LEVELS = ['PRIMARY', 'SECONDARY', 'TERTIARY'] as const;
export type HospitalLevel = (typeof HOSPITAL_LEVELS)[number];

export const LOCATIONS = ['IN_COUNTY', 'IN_CITY', 'IN_PROVINCE', 'OUT_OF_PROVINCE'] as const;
export type Location = (typeof LOCATIONS)[number];

/**
 * Why a person's personal data was erased (crypto-shredded), as a code: the event carries no free
 * text, so nothing personal can slip into it. SUBJECT_REQUEST: the person asked (PIPL art. 47);
 * RETENTION_ENDED: the retention period ran out; COLLECTED_IN_ERROR: it was recorded for the wrong
 * person or without a basis; CONSENT_WITHDRAWN: a consent it rested on was withdrawn.
 */
export const ERASURE_REASONS = ['SUBJECT_REQUEST', 'RETENTION_ENDED', 'COLLECTED_IN_ERROR', 'CONSENT_WITHDRAWN'] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];

/** The benefit years the ledger accepts in a command or a query: a bound on what a typo can name. */
export const MIN_BENEFIT_YEAR = 2000;
export const MAX_BENEFIT_YEAR = 2100;

export const TIERS = ['basic', 'critical', 'assistance', 'reassistance'] as const;
export type Tier = (typeof TIERS)[number];

/** An ISO calendar date, "2023-05-01". Dates compare correctly as strings. */
export type IsoDate = string;
/** An amount in yuan as a decimal string with two decimals, "1234.50". */
export type AmountText = string;
/** A ratio as a decimal string, "0.70". */
export type RatioText = string;

export const isCategory = (value: unknown): value is Category =>
  typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
