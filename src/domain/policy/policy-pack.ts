import type {
  AmountText,
  Category,
  ClaimKind,
  HospitalLevel,
  IsoDate,
  Location,
  RatioText,
  Scheme,
} from '../vocabulary';

/**
 * A policy pack: one region's rules for one revision, as data (domain contract §7). Packs are written
 * in YAML under `policies/`, validated against `docs/policy-pack.schema.json` by the loader, and
 * normalised so that every amount and ratio is a decimal string before any arithmetic sees it.
 *
 * Every rule object carries its provenance: either `source` (the document and clause it encodes) or
 * `assumed: true` with a `note` saying why the value had to be assumed. Nothing is invented silently.
 */

export interface SourceRef {
  /** Key into `PolicyPack.documents`, e.g. "heze-2022-10". */
  readonly doc: string;
  /** Clause inside the document, e.g. "一(四)". */
  readonly clause: string;
}

export interface Provenance {
  readonly source?: SourceRef;
  readonly assumed?: boolean;
  readonly note?: string;
}

/** A threshold or cap defined as a share of a published statistic (Guizhou, Shanxi). */
export interface StatisticAmount {
  readonly statistic: string;
  readonly geography: 'province' | 'region';
  /** Which year's value: the one before the benefit year. */
  readonly year: 'previous';
  readonly factor: RatioText;
}

/** A fixed amount, or one derived from a statistic. */
export type Amount = AmountText | StatisticAmount;

export const isStatisticAmount = (amount: Amount | null | undefined): amount is StatisticAmount =>
  typeof amount === 'object' && amount !== null && 'statistic' in amount;

/** The conditions a table row matches on; an absent key matches everything. */
export interface ClaimSelector {
  readonly kinds?: readonly ClaimKind[];
  readonly hospitalLevels?: readonly HospitalLevel[];
  readonly locations?: readonly Location[];
  /** Only referred claims (true) or only unreferred ones (false); absent: either (Guizhou §二(三)4). */
  readonly referred?: boolean;
  /**
   * Only people holding one of these categories on the reference date (as held or after aliases);
   * basic insurance stays one computation per claim, since it looks at what is held, not at the
   * category the later tiers choose (Guizhou §二(三)4: 低收入人口 … 执行参保地同等待遇).
   */
  readonly categories?: readonly Category[];
}

/**
 * A value that may depend on the claim: the first matching row wins, else `default`. The table and
 * each row may carry their own provenance, because a seed often states one cell of a table (Bozhou,
 * Guizhou: "县域内 about 70%") while the other cells are assumed; absent, the enclosing rule's applies.
 */
export interface ClaimTable<T> extends Provenance {
  readonly default: T;
  readonly rows?: ReadonlyArray<{ readonly when: ClaimSelector; readonly value: T } & Provenance>;
}

export interface BasicRules extends Provenance {
  /** Per episode for INPATIENT, per year for outpatient kinds (domain contract §2.1). */
  readonly deductible: ClaimTable<AmountText>;
  readonly ratio: ClaimTable<RatioText>;
  /** null: unlimited. */
  readonly annualCap: Amount | null;
  /**
   * Guizhou §二(三)4 住院起付线连续计算: for low-income people, a referred in-province stay following
   * another stay in the same year pays only the difference between the two deductibles.
   */
  readonly continuousDeductible?: { readonly categories: readonly Category[] } & Provenance;
  /**
   * Heze §一(五)2: helped categories treated in-province elsewhere do not pay 异地就医个人首先自付, so that
   * amount stays inside the policy scope. Lists the locations where the waiver applies.
   */
  readonly waiveOutOfAreaFirstSelfPay?: { readonly locations: readonly Location[]; readonly categories: readonly Category[] } & Provenance;
  /** Per-disease terms of outpatient claims that carry a disease code (门诊慢特病 by 病种). */
  readonly diseases?: DiseaseTables;
}

/**
 * One disease's basic-insurance terms for outpatient claims. `codes` are national 门诊慢特病 病种 codes
 * ("M03900") or ICD-10 codes ("E11", "N18.5"); an ICD-10 code also matches its subdivisions
 * ("E11" matches "E11.900"). The deductible is consumed once a year per disease, instead of the shared
 * outpatient deductible; the annual limit caps the basic payouts for that disease in the year, inside
 * `basic.annualCap`.
 */
export interface DiseaseRule extends Provenance {
  readonly codes: readonly string[];
  readonly name: string;
  readonly deductible: AmountText;
  readonly ratio: RatioText;
  /** null: no per-disease limit (basic.annualCap still applies). */
  readonly annualCap: AmountText | null;
}

export interface DiseaseTables extends Provenance {
  /** Outpatient kinds the tables apply to (OUTPATIENT_CHRONIC, HIGH_VALUE_DRUG). */
  readonly kinds: readonly ClaimKind[];
  readonly list: readonly DiseaseRule[];
}

/** A segment may carry its own provenance when the seed states only some segments (Bozhou: the lowest, 60%). */
export interface CriticalSegment extends Provenance {
  /** Upper edge of the segment (inclusive), or null for the last, open-ended segment. */
  readonly upTo: AmountText | null;
  readonly ratio: RatioText;
}

export interface CriticalSchedule extends Provenance {
  readonly threshold: Amount;
  /** Ordered segments above the threshold; edges are interpreted per `CriticalRules.boundaries`. */
  readonly segments: readonly CriticalSegment[];
  readonly annualCap: Amount | null;
}

/** The tilt (倾斜支付) derived from the standard schedule: Bozhou, Guizhou. */
export interface DerivedTilt extends Provenance {
  readonly thresholdFactor: RatioText;
  readonly ratioBonus: RatioText;
  /** null: the tilt has no annual cap (取消封顶线). */
  readonly annualCap: Amount | null;
}

export interface CriticalTilt extends Provenance {
  readonly categories: readonly Category[];
  /** Categories that keep the tilt only until a date (Guizhou: 稳定脱贫人口 leave it gradually). */
  readonly transitional?: ReadonlyArray<{ readonly category: Category; readonly until: IsoDate } & Provenance>;
  /** Exactly one of `schedule` (explicit, Heze) and `derive` (Bozhou, Guizhou). */
  readonly schedule?: CriticalSchedule;
  readonly derive?: DerivedTilt;
}

export interface CriticalRules extends Provenance {
  /** `absolute`: segment edges are amounts of the base; `aboveThreshold`: measured from the threshold. */
  readonly boundaries: 'absolute' | 'aboveThreshold';
  readonly includeCategoryBSelfPay: boolean;
  readonly standard: CriticalSchedule;
  readonly tilted?: CriticalTilt;
}

export interface CategoryRule extends Provenance {
  readonly threshold: Amount;
  readonly ratio: RatioText;
  /** null: unlimited. */
  readonly annualCap: Amount | null;
  /** Claim kinds the rule covers; absent: all kinds (Heze 易返贫: 住院 only). */
  readonly kinds?: readonly ClaimKind[];
  /**
   * Last reference date the rule applies to, inclusive; absent: as long as the revision (Heze §一(四):
   * the 易返贫致贫 rules hold 脱贫攻坚过渡期内, to 2025-12-31).
   */
  readonly until?: IsoDate;
}

export interface AssistanceRules extends Provenance {
  readonly basis: 'annual' | 'episode';
  readonly includeCategoryBSelfPay: boolean;
  readonly referral: { readonly required: boolean } & Provenance;
  readonly categories: Readonly<Partial<Record<Category, CategoryRule>>>;
  /**
   * Categories a document names but whose rules are not yet written (Heze 支出型困难户 "另行制定"):
   * settled with no assistance, and the trace says why.
   */
  readonly pending?: Readonly<Partial<Record<Category, Provenance>>>;
  /** Fumeng §二(二)2: severe mental disorder inpatient stays of these categories get a per-bed-day amount. */
  readonly bedDayQuota?: { readonly categories: readonly Category[]; readonly amountPerDay: AmountText } & Provenance;
}

export interface ReassistanceRules extends Provenance {
  /** `remainder`: what assistance left (Heze, Fumeng, Bozhou); `aboveAssistanceCap`: Guizhou 超出医疗救助限额之上. */
  readonly base: 'remainder' | 'aboveAssistanceCap';
  readonly basis: 'annual' | 'episode';
  readonly cap: 'separate' | 'sharedWithAssistance';
  readonly requiresReferral: boolean;
  /** Only claims treated at these locations are re-assisted (Shanxi §四: 规范转诊且在省域内就医); absent: anywhere. */
  readonly location?: { readonly allowed: readonly Location[] } & Provenance;
  readonly categories: Readonly<Partial<Record<Category, CategoryRule>>>;
}

export type SubsidyRule = Provenance & {
  /** Benefit years the rule applies to, inclusive; absent: every year the revision is in force. */
  readonly benefitYears?: { readonly from: number; readonly to: number };
  /** In the benefit year of this date, only enrollments on or after it (Shanxi: 2023-05-01); later years are not limited. */
  readonly enrolledOnOrAfter?: IsoDate;
} & (
    | { readonly kind: 'full' }
    | { readonly kind: 'percent'; readonly percent: RatioText }
    | { readonly kind: 'amount'; readonly amount: AmountText }
  );

export interface SubsidyRules extends Provenance {
  readonly categories: Readonly<Partial<Record<Category, SubsidyRule>>>;
  /** A later, better category in the same year tops the subsidy up (default false). */
  readonly midYearTopUp: boolean;
}

export interface MonitoringRule extends Provenance {
  readonly id: string;
  /** e.g. "因病返贫" */
  readonly name: string;
  /** Who the rule watches: held categories and/or named groups; `others: true` matches everyone no earlier rule matched. */
  readonly population: {
    readonly categories?: readonly Category[];
    readonly groups?: readonly string[];
    readonly others?: boolean;
    readonly scheme?: Scheme;
  };
  readonly threshold: AmountText;
}

export interface MonitoringRules extends Provenance {
  readonly burden: 'total' | 'policyScope';
  /** Claim kinds whose burden counts; absent: all. */
  readonly kinds?: readonly ClaimKind[];
  /** Ordered: a person belongs to the first rule whose population matches. */
  readonly rules: readonly MonitoringRule[];
}

export interface PublishedStatistic extends Provenance {
  readonly statistic: string;
  readonly geography: 'province' | 'region';
  readonly year: number;
  readonly value: AmountText;
}

export interface OneTimeAssistanceRules extends Provenance {
  readonly categories: readonly Category[];
  readonly lookBackMonths: number;
}

export interface PolicyDocument {
  readonly title: string;
  readonly number?: string;
  readonly issuedBy?: string;
  readonly seed?: string;
}

export interface PolicyPack {
  readonly region: string;
  readonly regionName: string;
  readonly revision: string;
  readonly effectiveFrom: IsoDate;
  /** Inclusive; null while open-ended. */
  readonly effectiveTo: IsoDate | null;
  /** The revision this one corrects for the same period, when it is a correction. */
  readonly corrects?: string;
  readonly documents: Readonly<Record<string, PolicyDocument>>;
  /** Which claim date decides year, revision and categories (default discharge). */
  readonly identityDate: 'admission' | 'discharge';
  readonly categoryAliases?: Readonly<Partial<Record<Category, Category>>>;
  /** When set, the first held category in this list is applied instead of the best-paying one. */
  readonly categoryPriority?: readonly Category[];
  readonly groups?: Readonly<Record<string, readonly Category[]>>;
  readonly statistics?: readonly PublishedStatistic[];
  /** Shanxi §二: while the statistic is unpublished, the previous year's threshold applies. */
  readonly statisticFallback?: ('previousYearThreshold' | 'none');
  /**
   * Individual resident contribution per benefit year (yuan), keyed by the year ("2023"). The keys are
   * typed as numeric strings so that the provenance members (`assumed: true`, `note`) can sit beside them.
   */
  readonly contribution?: Readonly<{ [year: `${number}`]: AmountText }> & Provenance;
  readonly basic: BasicRules;
  readonly critical: CriticalRules;
  readonly assistance: AssistanceRules;
  readonly reassistance: ReassistanceRules;
  readonly subsidy: SubsidyRules;
  readonly monitoring?: MonitoringRules;
  readonly oneTimeAssistance?: OneTimeAssistanceRules;
  readonly recoverOverpayment: boolean;
  readonly resettleOnPublication: boolean;
}

/** What identifies a revision everywhere it is cited. */
export interface PolicyRef {
  readonly region: string;
  readonly revision: string;
  /** SHA-256 (hex) of the pack's canonical JSON. */
  readonly hash: string;
}

/** A pack as the ledger holds it after validation: the data plus its identity. */
export interface PublishedPack {
  readonly ref: PolicyRef;
  readonly pack: PolicyPack;
}
