import type { IdentitySource, LedgerEvent } from '../domain/ledger.events';
import type { PublishedPack } from '../domain/policy/policy-pack';
import type { Claim, ClaimCosts, Payouts } from '../domain/policy/settlement.types';
import type { Category, ClaimKind, ErasureReason, HospitalLevel, IsoDate, Location, Scheme } from '../domain/vocabulary';

/**
 * The inputs and outputs of the ledger's application service (`Ledger`, in ledger.service.ts). Both
 * edges, the HTTP API and the CLI (scenario runner), speak only these shapes.
 */

/** Who and why, for every command: becomes the events' metadata. */
export interface CommandMetadata {
  /** Idempotency key of the command: event ids derive from it, so a retried command appends nothing new. */
  readonly commandId?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly actor: string;
  /**
   * The moment the command is recorded. Only trusted edges (the scenario runner replaying a documented
   * history, tests) may set it; the HTTP API always uses the server clock.
   */
  readonly recordedAt?: string;
}

export interface AppendedEvent {
  readonly type: LedgerEvent['type'];
  readonly data: LedgerEvent['data'];
  readonly streamName: string;
  readonly eventId: string;
  readonly position: string;
}

export interface CommandResult {
  readonly events: readonly AppendedEvent[];
  /** Global position of the last event the command appended (or of the head when it appended nothing). */
  readonly position: string;
}

export interface PublishPolicyInput {
  readonly policy: PublishedPack;
  readonly reason?: string | null;
  readonly document?: string | null;
}

export interface RegisterPersonInput {
  readonly personId: string;
  readonly region: string;
  readonly scheme: Scheme;
}

export interface RecognizeIdentityInput {
  readonly personId: string;
  readonly category: Category;
  readonly validFrom: IsoDate;
  readonly validTo?: IsoDate | null;
  readonly source: IdentitySource;
}

export interface RevokeIdentityInput {
  readonly personId: string;
  readonly category: Category;
  readonly validTo: IsoDate;
  readonly reason: string;
  readonly source: IdentitySource;
}

export interface EnrollPersonInput {
  readonly personId: string;
  readonly year: number;
  /** Defaults to the person's registered scheme. */
  readonly scheme?: Scheme;
  /** The individual contribution as stated; the pack's own contribution for the year wins when it has one. */
  readonly contribution: string;
  readonly enrolledOn: IsoDate;
}

export interface SubmitClaimInput {
  readonly claimId: string;
  readonly personId: string;
  readonly kind: ClaimKind;
  readonly admissionDate: IsoDate;
  readonly dischargeDate: IsoDate;
  readonly hospitalLevel: HospitalLevel;
  readonly location: Location;
  readonly referred?: boolean;
  readonly relocationFiled?: boolean;
  readonly severeMentalDisorder?: { readonly bedDays: number };
  /** 门诊慢特病 病种 code or ICD-10 code (src/domain/policy/disease-code.ts). */
  readonly diseaseCode?: string;
  readonly costs: Partial<ClaimCosts> & { readonly total: string };
  readonly adjudicated?: { readonly basic?: string; readonly critical?: string };
}

export interface SubmitClaimResult extends CommandResult {
  /** The claim's settlement as recorded (also on a duplicate submission, when nothing was appended). */
  readonly settlement: { readonly claim: Claim; readonly payouts: Payouts; readonly outOfPocket: string } & Record<string, unknown>;
  readonly duplicate: boolean;
}

export interface ApplyForOneTimeAssistanceInput {
  readonly personId: string;
  readonly applicationDate: IsoDate;
}

export type ReassessScope =
  | { readonly personId: string; readonly year: number }
  | { readonly region: string; readonly from: IsoDate; readonly to: IsoDate };

/** The personal-data store has destroyed the person's data key; the ledger records that it did. */
export interface RecordPersonalDataErasureInput {
  readonly personId: string;
  readonly reason: ErasureReason;
}

export interface ReassessInput {
  readonly scope: ReassessScope;
  readonly reason: string;
  /** Defaults to one derived from the scope and the policy revisions in force, so a rerun is idempotent. */
  readonly correctionId?: string;
  readonly dryRun?: boolean;
}

export interface ReassessmentChange {
  readonly claimId: string;
  readonly personId: string;
  readonly year: number;
  readonly delta: Payouts;
  readonly totalDelta: string;
}

export interface ReassessmentReport {
  readonly correctionId: string;
  readonly dryRun: boolean;
  readonly personYears: number;
  readonly personYearsAffected: number;
  readonly claims: number;
  readonly claimsAffected: number;
  readonly delta: Payouts & { readonly total: string };
  /** The largest absolute changes first (bounded list). */
  readonly largestChanges: readonly ReassessmentChange[];
  readonly events: readonly AppendedEvent[];
}
