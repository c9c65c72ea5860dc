import { addMonths, formatIsoDate, isLeapYear, parseIsoDate } from '../src/domain/iso-date';
import { D, formatYuan } from '../src/domain/money';
import type { Category, Department, HospitalLevel, IsoDate, Location } from '../src/domain/vocabulary';
import type { EnrollPersonInput, RecognizeIdentityInput, RegisterPersonInput, SubmitClaimInput } from '../src/ledger/ledger.types';
import { randomOf, subSeed, type Random } from './prng';

/**
 * A deterministic synthetic population for the benchmarks: persons across the five seed regions with
 * realistic identity shares, enrollments for one benefit year, and claims with a skewed cost
 * distribution whose tail reaches several hundred thousand yuan. Person i and claim j each have their
 * own seeded generator, so any of them can be produced alone, in any order, and come out the same;
 * nothing is materialised up front, so a million persons cost no memory until they are used.
 */

export const BENEFIT_YEAR = 2023;
export const REGIONS = ['heze', 'shanxi', 'fumeng', 'bozhou', 'guizhou'] as const;
export type Region = (typeof REGIONS)[number];

/** Upper bounds: the generator refuses sizes it was not designed for (ids, memory of callers). */
export const MAX_PERSONS = 10_000_000;
export const MAX_CLAIMS = 50_000_000;

export interface PopulationSpec {
  readonly seed: number;
  readonly persons: number;
  readonly claims: number;
}

export interface SyntheticPerson {
  readonly index: number;
  readonly register: RegisterPersonInput;
  /**
   * Recognitions recorded before any claim, at `RECORDED_AT.identities`. A mid-year change is two of
   * them: the first ends on the last day of a month of the benefit year, the second starts the day after.
   */
  readonly identities: readonly RecognizeIdentityInput[];
  readonly enrollment: EnrollPersonInput;
  /** A recognition recorded after the year's claims, reaching back into the year: it triggers reassessment. */
  readonly retroactive: RecognizeIdentityInput | null;
  /** Frequent users (chronic patients) carry a large share of the claims. */
  readonly frequent: boolean;
}

/**
 * Recorded instants of the population's commands: identities in the year before the enrollment (so
 * the enrollment subsidy sees them), enrollment in the autumn before the benefit year (contributions
 * are collected in N−1), retroactive recognitions after the year.
 */
export const RECORDED_AT = {
  identities: `${BENEFIT_YEAR - 2}-12-20T08:00:00.000Z`,
  enrollment: `${BENEFIT_YEAR - 1}-11-15T08:00:00.000Z`,
  retroactive: `${BENEFIT_YEAR + 1}-01-10T08:00:00.000Z`,
  claims: `${BENEFIT_YEAR + 1}-01-05T08:00:00.000Z`,
} as const;

// Shares are percentages; they follow the order of magnitude of the national figures (most insured
// people hold no category, about 4% 低保, under 1% 特困) with more monitoring categories than real
// life so that every rule is exercised.
const REGION_SHARES: ReadonlyArray<readonly [Region, number]> = [
  ['heze', 25],
  ['shanxi', 20],
  ['fumeng', 10],
  ['bozhou', 20],
  ['guizhou', 25],
];

const CATEGORY_SHARES: ReadonlyArray<readonly [Category | null, number]> = [
  [null, 44.8],
  ['STABLE_OUT_OF_POVERTY', 30],
  ['SUBSISTENCE', 10],
  ['DESTITUTE', 3],
  ['ORPHAN', 0.2],
  ['RETURNED_TO_POVERTY', 2],
  ['MARGINAL', 4],
  ['UNSTABLE', 2.5],
  ['EDGE', 2.5],
  ['SUDDEN_HARDSHIP', 0.5],
  ['ILLNESS_IMPOVERISHED', 0.5],
];

/** Share of persons holding a category whose category changes mid-year (e.g. 低保 → 返贫). */
const MID_YEAR_CHANGE_SHARE = 0.03;
/** Share of persons without a category who are recognised retroactively after the year's claims. */
const RETROACTIVE_SHARE = 0.01;
/** Share of persons who are frequent users, and the share of all claims they make. */
const FREQUENT_PERSON_SHARE = 0.05;
const FREQUENT_CLAIM_SHARE = 0.3;

const DEPARTMENT_OF: Readonly<Record<Category, Department>> = {
  DESTITUTE: 'CIVIL_AFFAIRS',
  ORPHAN: 'CIVIL_AFFAIRS',
  SUBSISTENCE: 'CIVIL_AFFAIRS',
  MARGINAL: 'CIVIL_AFFAIRS',
  SUDDEN_HARDSHIP: 'CIVIL_AFFAIRS',
  RETURNED_TO_POVERTY: 'RURAL_REVITALIZATION',
  UNSTABLE: 'RURAL_REVITALIZATION',
  EDGE: 'RURAL_REVITALIZATION',
  STABLE_OUT_OF_POVERTY: 'RURAL_REVITALIZATION',
  ILLNESS_IMPOVERISHED: 'MEDICAL_SECURITY',
};

/** Where a mid-year change leads: to a category with different thresholds and caps, so accumulators are shared across rules. */
const MID_YEAR_NEXT: Readonly<Record<Category, Category>> = {
  DESTITUTE: 'SUBSISTENCE',
  ORPHAN: 'DESTITUTE',
  SUBSISTENCE: 'RETURNED_TO_POVERTY',
  RETURNED_TO_POVERTY: 'SUBSISTENCE',
  MARGINAL: 'SUBSISTENCE',
  UNSTABLE: 'STABLE_OUT_OF_POVERTY',
  EDGE: 'MARGINAL',
  SUDDEN_HARDSHIP: 'SUBSISTENCE',
  ILLNESS_IMPOVERISHED: 'MARGINAL',
  STABLE_OUT_OF_POVERTY: 'UNSTABLE',
};

/**
 * First discharge date a claim of the region may carry: the packs' validity (Shanxi's revision is in
 * force from 2023-05-01; the others cover the whole of 2023).
 */
const FIRST_CLAIM_DAY: Readonly<Record<Region, IsoDate>> = {
  heze: `${BENEFIT_YEAR}-01-01`,
  shanxi: `${BENEFIT_YEAR}-05-01`,
  fumeng: `${BENEFIT_YEAR}-01-01`,
  bozhou: `${BENEFIT_YEAR}-01-01`,
  guizhou: `${BENEFIT_YEAR}-01-01`,
};

const CONTRIBUTION = '380.00';

// Distinct salts keep the person, claim and retroactive streams of one seed independent.
const PERSON_SALT = 1;
const CLAIM_SALT = 2;

export const assertValidSpec = (spec: PopulationSpec): void => {
  if (!Number.isInteger(spec.seed) || spec.seed < 0 || spec.seed > 0xffffffff) throw new RangeError(`seed must be a 32-bit unsigned integer, got ${spec.seed}`);
  if (!Number.isInteger(spec.persons) || spec.persons < 1 || spec.persons > MAX_PERSONS) throw new RangeError(`persons must be in [1, ${MAX_PERSONS}], got ${spec.persons}`);
  if (!Number.isInteger(spec.claims) || spec.claims < 0 || spec.claims > MAX_CLAIMS) throw new RangeError(`claims must be in [0, ${MAX_CLAIMS}], got ${spec.claims}`);
};

export const personIdOf = (seed: number, index: number): string => `p${seed.toString(36)}-${index.toString(36)}`;
export const claimIdOf = (seed: number, index: number): string => `c${seed.toString(36)}-${index.toString(36)}`;

/** Person `index` of the population: registration, identities, enrollment, and a possible retroactive recognition. */
export const personAt = (spec: PopulationSpec, index: number): SyntheticPerson => {
  assertIndex(index, spec.persons, 'person');
  const random = randomOf(subSeed(spec.seed, PERSON_SALT, index));
  const personId = personIdOf(spec.seed, index);
  // The region is the generator's first draw, as in `regionOf`; the category must be a later one, or
  // the two would be the same number and every region would get one slice of the categories.
  const region = random.weighted(REGION_SHARES);
  const category = random.weighted(CATEGORY_SHARES);
  const identities = category === null ? [] : identitiesOf(random, personId, category);
  const retroactive = category === null && random.chance(RETROACTIVE_SHARE) ? retroactiveOf(random, personId) : null;
  const enrolledOn = formatIsoDate({ year: BENEFIT_YEAR - 1, month: random.int(9, 12), day: random.int(1, 28) });
  return {
    index,
    register: { personId, region, scheme: 'RESIDENT' },
    identities,
    enrollment: { personId, year: BENEFIT_YEAR, contribution: CONTRIBUTION, enrolledOn },
    retroactive,
    frequent: isFrequent(spec, index),
  };
};

/** The region of person `index` (also needed by claims, without building the whole person). */
export const regionOf = (spec: PopulationSpec, index: number): Region => randomOf(subSeed(spec.seed, PERSON_SALT, index)).weighted(REGION_SHARES);

/** Claim `index`: whose it is (frequent users carry a share of the claims), what kind, where, and its costs. */
export const claimAt = (spec: PopulationSpec, index: number): SubmitClaimInput => {
  assertIndex(index, spec.claims, 'claim');
  const random = randomOf(subSeed(spec.seed, CLAIM_SALT, index));
  const personIndex = claimantOf(spec, random);
  const region = regionOf(spec, personIndex);
  const kind = random.chance(isFrequent(spec, personIndex) ? 0.55 : 0.25) ? 'OUTPATIENT_CHRONIC' : 'INPATIENT';
  const location: Location = random.weighted([['IN_COUNTY', 55], ['IN_CITY', 25], ['IN_PROVINCE', 15], ['OUT_OF_PROVINCE', 5]]);
  const hospitalLevel: HospitalLevel = random.weighted([['PRIMARY', 30], ['SECONDARY', 40], ['TERTIARY', 30]]);
  const dischargeDate = dayOfYear(random, FIRST_CLAIM_DAY[region]);
  const stayDays = kind === 'INPATIENT' ? Math.min(60, Math.floor(-Math.log(1 - random.next()) * 8)) : 0;
  const admissionDate = laterDate(shiftDays(dischargeDate, -stayDays), FIRST_CLAIM_DAY[region]);
  const outsideCounty = location !== 'IN_COUNTY';
  const claim: SubmitClaimInput = {
    claimId: claimIdOf(spec.seed, index),
    personId: personIdOf(spec.seed, personIndex),
    kind,
    admissionDate,
    dischargeDate,
    hospitalLevel,
    location,
    referred: outsideCounty && random.chance(0.6),
    relocationFiled: random.chance(0.05),
    costs: costsOf(random, kind, location),
  };
  // Fumeng's bed-day quota for severe mental disorders: a rare inpatient case that takes its own path.
  if (region === 'fumeng' && kind === 'INPATIENT' && random.chance(0.005)) return { ...claim, severeMentalDisorder: { bedDays: Math.max(1, stayDays) } };
  return claim;
};

/** The region of claim `index`: its claimant's, without building the claim. */
export const regionOfClaim = (spec: PopulationSpec, index: number): Region => regionOf(spec, claimantOf(spec, randomOf(subSeed(spec.seed, CLAIM_SALT, index))));

/** Persons in index order, bounded by the spec. */
export function* persons(spec: PopulationSpec, from = 0, to = spec.persons): Generator<SyntheticPerson> {
  assertValidSpec(spec);
  for (let index = Math.max(0, from); index < Math.min(to, spec.persons); index += 1) yield personAt(spec, index);
}

/** Claims in submission order, bounded by the spec. */
export function* claims(spec: PopulationSpec, from = 0, to = spec.claims): Generator<SubmitClaimInput> {
  assertValidSpec(spec);
  for (let index = Math.max(0, from); index < Math.min(to, spec.claims); index += 1) yield claimAt(spec, index);
}

// ---- parts -------------------------------------------------------------------------------------

/** Whose claim it is: the claim generator's first draws (frequent users carry a share of the claims). */
const claimantOf = (spec: PopulationSpec, random: Random): number => {
  const frequentCount = Math.max(1, Math.floor(spec.persons * FREQUENT_PERSON_SHARE));
  return random.chance(FREQUENT_CLAIM_SHARE) ? random.int(0, frequentCount - 1) : random.int(0, spec.persons - 1);
};

const isFrequent = (spec: PopulationSpec, index: number): boolean => index < Math.max(1, Math.floor(spec.persons * FREQUENT_PERSON_SHARE));

const identitiesOf = (random: Random, personId: string, category: Category): RecognizeIdentityInput[] => {
  // Held since the year before the benefit year, so the enrollment (recorded in its autumn) is subsidised.
  const yearStart = `${BENEFIT_YEAR - 1}-01-01`;
  const source = (held: Category): RecognizeIdentityInput['source'] => ({ department: DEPARTMENT_OF[held], document: `roster ${BENEFIT_YEAR - 1}-12 / ${held.toLowerCase()}` });
  if (!random.chance(MID_YEAR_CHANGE_SHARE)) return [{ personId, category, validFrom: yearStart, validTo: null, source: source(category) }];
  // The first category ends on the last day of a month between March and October; the next starts the day after.
  const changeMonth = random.int(3, 10);
  const nextFrom = formatIsoDate({ year: BENEFIT_YEAR, month: changeMonth + 1, day: 1 });
  const next = MID_YEAR_NEXT[category];
  return [
    { personId, category, validFrom: yearStart, validTo: shiftDays(nextFrom, -1), source: source(category) },
    { personId, category: next, validFrom: nextFrom, validTo: null, source: source(next) },
  ];
};

const retroactiveOf = (random: Random, personId: string): RecognizeIdentityInput => {
  const category: Category = random.weighted([['SUBSISTENCE', 50], ['MARGINAL', 30], ['RETURNED_TO_POVERTY', 20]]);
  const validFrom = addMonths(`${BENEFIT_YEAR}-01-01`, random.int(1, 8));
  return { personId, category, validFrom, validTo: null, source: { department: DEPARTMENT_OF[category], document: `retroactive roster ${BENEFIT_YEAR + 1}-01` } };
};

/**
 * Costs in yuan with two decimals. Inpatient totals are lognormal around 6,000 (σ 1.1), outpatient
 * chronic ones around 800 (σ 0.9), and one inpatient stay in 200 is drawn from a Pareto tail
 * starting at 100,000 and capped at 900,000 yuan: the catastrophic cases the safety net exists for.
 */
const costsOf = (random: Random, kind: SubmitClaimInput['kind'], location: Location): SubmitClaimInput['costs'] => {
  const heavy = kind === 'INPATIENT' && random.chance(0.005);
  const totalYuan = heavy
    ? Math.min(900_000, 100_000 / Math.pow(1 - random.next(), 1 / 1.5))
    : Math.exp(Math.log(kind === 'INPATIENT' ? 6000 : 800) + (kind === 'INPATIENT' ? 1.1 : 0.9) * random.normal());
  // Whole fen, at least 10 yuan; the float only chooses a size, every amount below is exact decimal arithmetic.
  const total = new D(Math.max(1000, Math.round(totalYuan * 100))).dividedBy(100);
  const part = (share: number): string => formatYuan(total.times(share.toFixed(4)).toDecimalPlaces(2, D.ROUND_DOWN));
  return {
    total: formatYuan(total),
    outOfCatalog: part(random.next() * 0.12),
    categoryBSelfPay: part(random.next() * 0.06),
    overStandard: random.chance(0.1) ? part(random.next() * 0.03) : '0.00',
    outOfAreaFirstSelfPay: location === 'OUT_OF_PROVINCE' ? part(0.05 + random.next() * 0.1) : '0.00',
  };
};

const dayOfYear = (random: Random, first: IsoDate): IsoDate => {
  const start = ordinalOf(first);
  const end = isLeapYear(BENEFIT_YEAR) ? 366 : 365;
  return dateOfOrdinal(random.int(start, end));
};

const shiftDays = (date: IsoDate, days: number): IsoDate => {
  const ordinal = ordinalOf(date) + days;
  // Claims stay within the benefit year; an admission before 1 January is clamped by the caller.
  return ordinal < 1 ? `${BENEFIT_YEAR}-01-01` : dateOfOrdinal(ordinal);
};

const laterDate = (left: IsoDate, right: IsoDate): IsoDate => (left > right ? left : right);

const MONTH_LENGTHS = (year: number): number[] => [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Day number within the benefit year (1 = 1 January). */
const ordinalOf = (date: IsoDate): number => {
  const { year, month, day } = parseIsoDate(date);
  if (year !== BENEFIT_YEAR) throw new RangeError(`population dates stay in ${BENEFIT_YEAR}, got ${date}`);
  return MONTH_LENGTHS(year).slice(0, month - 1).reduce((sum, days) => sum + days, 0) + day;
};

const dateOfOrdinal = (ordinal: number): IsoDate => {
  let rest = ordinal;
  const lengths = MONTH_LENGTHS(BENEFIT_YEAR);
  for (let month = 1; month <= 12; month += 1) {
    const days = lengths[month - 1]!;
    if (rest <= days) return formatIsoDate({ year: BENEFIT_YEAR, month, day: rest });
    rest -= days;
  }
  return `${BENEFIT_YEAR}-12-31`;
};

const assertIndex = (index: number, size: number, what: string): void => {
  if (!Number.isInteger(index) || index < 0 || index >= size) throw new RangeError(`${what} index must be in [0, ${size}), got ${index}`);
};
