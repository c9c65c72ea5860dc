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
}

export interface TraceStep {
  /** Short machine-readable name of the step: "reference-date", "basic", "critical", … */
  readonly step: string;
  /** Human explanation in full sentences. */
  readonly explanation: string;
  /** Clause cited for this step ("heze-2022-10 §一(四)"), or "assumed: <note>". */
  readonly clause?: string;
  /** The numbers the step used, as strings. */
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
