import { DomainError } from '../domain-error';
import type {
  AmountText,
  Category,
  ClaimKind,
  HospitalLevel,
  IsoDate,
  Location,
  Scheme,
} from '../vocabulary';
import type { PolicyRef, PublishedPack } from './policy-pack';

/** Costs of one claim as the hospital reports them (domain contract §2). All yuan, two decimals. */
export interface ClaimCosts {
  readonly total: AmountText;
  /** 目录外全自费 */
  readonly outOfCatalog: AmountText;
  /** 乙类先行自付 */
  readonly categoryBSelfPay: AmountText;
  /** 超支付标准部分 */
  readonly overStandard: AmountText;
  /** 异地就医个人首先自付 */
  readonly outOfAreaFirstSelfPay: AmountText;
}

export interface Claim {
  readonly claimId: string;
  readonly personId: string;
  readonly scheme: Scheme;
  readonly kind: ClaimKind;
  readonly admissionDate: IsoDate;
  readonly dischargeDate: IsoDate;
  readonly hospitalLevel: HospitalLevel;
  readonly location: Location;
  readonly referred: boolean;
  readonly relocationFiled: boolean;
  readonly severeMentalDisorder?: { readonly bedDays: number };
  /**
   * The disease treated, for outpatient claims under per-disease terms (门诊慢特病 by 病种): a national
   * 门诊慢特病 病种 code ("M03900") or an ICD-10 code ("E11.900"). Optional; checked for form only.
   */
  readonly diseaseCode?: string;
  readonly costs: ClaimCosts;
  /** Amounts already paid by these funds elsewhere (one-stop settlement); recorded instead of computed. */
  readonly adjudicated?: { readonly basic?: AmountText; readonly critical?: AmountText };
}

export interface Payouts {
  readonly basic: AmountText;
  readonly critical: AmountText;
  readonly assistance: AmountText;
  readonly reassistance: AmountText;
}

/**
 * What a person-year has accumulated (domain contract §2): they belong to the year, not to a
 * category or a revision. All amounts are yuan strings with two decimals.
 */
export interface Accumulators {
  /** B: cumulative critical-illness base. */
  readonly criticalBase: AmountText;
  /** A: cumulative assistance base (only claims settled under a category with assistance rules). */
  readonly assistanceBase: AmountText;
  /** R: cumulative re-assistance base. */
  readonly reassistanceBase: AmountText;
  /** Paid so far per tier, under any category or revision. */
  readonly paid: Payouts;
  /** Outpatient deductible consumed this year (outpatient kinds pay the deductible once a year). */
  readonly outpatientDeductibleConsumed: AmountText;
  /** Largest inpatient deductible paid this year (for continuous deductibles on referral). */
  readonly inpatientDeductiblePaid: AmountText;
  /**
   * Σ outOfPocket of the year's claims (monitoring, burden: total), counting only the claim kinds the
   * pack's `monitoring.kinds` names (all kinds when absent), so that monitoring reads it as it is.
   */
  readonly burdenTotal: AmountText;
  /** Σ (P + included 乙类 − payouts) of the year's claims (monitoring, burden: policyScope), same kinds. */
  readonly burdenPolicyScope: AmountText;
  /** Claims settled into these accumulators. */
  readonly claimCount: number;
  /**
   * Per-disease outpatient usage, keyed by the first code of the pack's disease rule; absent while no
   * claim has used per-disease terms this year, so that accumulators without it keep their old form.
   */
  readonly diseases?: Readonly<Record<string, DiseaseUsage>>;
}

/** What one disease's outpatient claims have used this year: its own deductible and basic payouts. */
export interface DiseaseUsage {
  readonly deductibleConsumed: AmountText;
  readonly paid: AmountText;
}

/**
 * One step of a settlement trace: what the engine decided, as a message key and the numbers it used,
 * never a sentence. The explanation is rendered on read, in the reader's language, by
 * `src/domain/explanation/` (message catalogues zh and en).
 */
export interface TraceStep {
  /** Message key: "basic.inpatient", "assistance.none.no-rule", "limit.cap-reached", … (docs/events.md lists them). */
  readonly key: string;
  /** The numbers and codes the step used, as strings: amounts with two decimals, ratios as written in the pack. */
  readonly values?: Readonly<Record<string, string>>;
  /**
   * Path of the pack rule the step applied, e.g. "assistance.categories.SUBSISTENCE" or
   * "basic.ratio.rows.2". Its provenance (clause, or `assumed` with the note) is read from the pack the
   * settlement names, which is immutable, so every figure of the step is cited without copying the pack.
   */
  readonly rule?: string;
  /** Figures of the step that come from another rule than `rule`: value key → pack path. */
  readonly figures?: Readonly<Record<string, string>>;
}

/** A step of a trace recorded as sentences: subsidy and one-time-assistance decisions, and v1 claim events. */
export interface SentenceStep {
  readonly step: string;
  readonly explanation: string;
  readonly clause?: string;
  readonly values?: Readonly<Record<string, string>>;
}

export interface CategoryEvaluation {
  readonly category: Category;
  /** critical + assistance + reassistance under this category. */
  readonly benefit: AmountText;
}

export interface SettlementInput {
  readonly claim: Claim;
  readonly policy: PublishedPack;
  /** Categories the person holds on the claim's reference date (before the pack's aliases). */
  readonly heldCategories: readonly Category[];
  readonly accumulators: Accumulators;
}

export interface Settlement {
  readonly claim: Claim;
  readonly referenceDate: IsoDate;
  readonly year: number;
  readonly policy: PolicyRef;
  readonly policyScope: AmountText;
  readonly heldCategories: readonly Category[];
  readonly appliedCategory: Category | null;
  readonly evaluations: readonly CategoryEvaluation[];
  readonly payouts: Payouts;
  readonly outOfPocket: AmountText;
  readonly accumulators: { readonly before: Accumulators; readonly after: Accumulators };
  readonly trace: readonly TraceStep[];
}

/** A domain refusal: the claim cannot be settled as submitted (HTTP 422). */
export class SettlementRefused extends DomainError {
  override readonly name: string = 'SettlementRefused';
  constructor(
    override readonly code: 'POLICY_SCOPE_NEGATIVE' | 'NO_POLICY_IN_FORCE' | 'ADJUDICATION_REQUIRED' | 'INVALID_CLAIM',
    message: string,
  ) {
    super('unprocessable', code, message);
  }
}
