import type { AmountText, Category, ClaimKind, Department, ErasureReason, IsoDate, Scheme } from './vocabulary';
import type { PolicyPack, PolicyRef } from './policy/policy-pack';
import type { Accumulators, Claim, Payouts, SentenceStep, TraceStep } from './policy/settlement.types';

/**
 * The public event contract (domain contract §8): version 1 of every type, version 2 of
 * `ClaimSettled` and `ClaimReassessed` (the trace as message keys and numbers, not sentences).
 * Downstream consumers rely on these types and fields: a change is a new schema version with an
 * upcaster (see docs/events.md), never an edit.
 * Personal data never enters an event: `personId` is opaque.
 */

export interface IdentitySource {
  readonly department: Department;
  /** Document or roster reference, e.g. "民政发〔2023〕12号 / roster 2023-09". */
  readonly document: string;
}

export type PolicyPublished = Readonly<{
  type: 'PolicyPublished';
  data: {
    region: string;
    revision: string;
    effectiveFrom: IsoDate;
    effectiveTo: IsoDate | null;
    hash: string;
    /** Present when this revision corrects an earlier one for the same period. */
    corrects: string | null;
    reason: string | null;
    document: string | null;
    pack: PolicyPack;
  };
}>;

export type PersonRegistered = Readonly<{
  type: 'PersonRegistered';
  data: { personId: string; region: string; scheme: Scheme };
}>;

export type IdentityRecognized = Readonly<{
  type: 'IdentityRecognized';
  data: {
    personId: string;
    category: Category;
    validFrom: IsoDate;
    validTo: IsoDate | null;
    source: IdentitySource;
    /** The day it was recorded; validFrom before it makes the recognition retroactive. */
    recordedOn: IsoDate;
  };
}>;

export type IdentityRevoked = Readonly<{
  type: 'IdentityRevoked';
  data: {
    personId: string;
    category: Category;
    /** Last day (inclusive) the category was valid. */
    validTo: IsoDate;
    reason: string;
    source: IdentitySource;
    recordedOn: IsoDate;
  };
}>;

export type EnrollmentRegistered = Readonly<{
  type: 'EnrollmentRegistered';
  data: {
    personId: string;
    year: number;
    scheme: Scheme;
    contribution: AmountText;
    enrolledOn: IsoDate;
    policy: PolicyRef | null;
  };
}>;

export type EnrollmentSubsidyGranted = Readonly<{
  type: 'EnrollmentSubsidyGranted';
  data: {
    personId: string;
    year: number;
    category: Category;
    /** The rule applied: kind and parameter, with its clause. */
    rule: { kind: 'full' | 'percent' | 'amount'; parameter: string | null; clause: string };
    amount: AmountText;
    /** Earlier subsidy this year when this grant is a mid-year top-up; "0.00" otherwise. */
    previouslyGranted: AmountText;
    policy: PolicyRef;
  };
}>;

export type EnrollmentSubsidyDeclined = Readonly<{
  type: 'EnrollmentSubsidyDeclined';
  data: { personId: string; year: number; reason: string; policy: PolicyRef | null };
}>;

export type ClaimSettled = Readonly<{
  type: 'ClaimSettled';
  data: {
    claimId: string;
    personId: string;
    year: number;
    /** 1-based recorded order of the claim in its person-year. */
    sequence: number;
    referenceDate: IsoDate;
    heldCategories: Category[];
    appliedCategory: Category | null;
    policy: PolicyRef;
    /** The claim exactly as submitted (kind, dates, costs, …): what every reassessment replays. */
    claim: Claim;
    policyScope: AmountText;
    payouts: Payouts;
    outOfPocket: AmountText;
    accumulators: { before: Accumulators; after: Accumulators };
    /** SHA-256 of the canonical submitted claim, so a resubmission can be recognised exactly. */
    claimHash: string;
    /** The decisions as message keys, their own figures and the pack rules applied (rendered on read). */
    trace: TraceStep[];
  };
}>;

export type ClaimReassessed = Readonly<{
  type: 'ClaimReassessed';
  data: {
    claimId: string;
    personId: string;
    year: number;
    sequence: number;
    correctionId: string;
    reason: string;
    previous: { payouts: Payouts; outOfPocket: AmountText };
    next: { payouts: Payouts; outOfPocket: AmountText };
    delta: Payouts;
    /** True when the total delta is negative and the pack's recoverOverpayment marks it due. */
    recoveryDue: boolean;
    heldCategories: Category[];
    appliedCategory: Category | null;
    policy: PolicyRef;
    policyScope: AmountText;
    accumulators: { before: Accumulators; after: Accumulators };
    trace: TraceStep[];
  };
}>;

export type HighCostAlertRaised = Readonly<{
  type: 'HighCostAlertRaised';
  data: { personId: string; year: number; rule: string; ruleName: string; threshold: AmountText; burden: AmountText; claimId: string };
}>;

export type HighCostAlertWithdrawn = Readonly<{
  type: 'HighCostAlertWithdrawn';
  data: { personId: string; year: number; rule: string; ruleName: string; threshold: AmountText; burden: AmountText; claimId: string };
}>;

export type OneTimeAssistanceGranted = Readonly<{
  type: 'OneTimeAssistanceGranted';
  data: {
    personId: string;
    applicationDate: IsoDate;
    claimsCovered: string[];
    amount: AmountText;
    policy: PolicyRef;
    trace: SentenceStep[];
  };
}>;

/**
 * The person's personal data (name, 身份证号, phone, address), kept outside the streams, was erased
 * by destroying its key (crypto-shredding). The event says that and when, with a reason code, and
 * nothing else: the ledger's amounts and chains stay as they were.
 */
export type PersonalDataErased = Readonly<{
  type: 'PersonalDataErased';
  data: { personId: string; erasedAt: string; reason: ErasureReason };
}>;

export type LedgerEvent =
  | PolicyPublished
  | PersonRegistered
  | IdentityRecognized
  | IdentityRevoked
  | EnrollmentRegistered
  | EnrollmentSubsidyGranted
  | EnrollmentSubsidyDeclined
  | ClaimSettled
  | ClaimReassessed
  | HighCostAlertRaised
  | HighCostAlertWithdrawn
  | OneTimeAssistanceGranted
  | PersonalDataErased;

export type LedgerEventType = LedgerEvent['type'];

/** The first version of every type. */
export const LEDGER_EVENT_SCHEMA_VERSION = 1;

/** The version each type is written at now; the upcasters (src/event-store/upcasters.ts) bring older ones up to it. */
export const LEDGER_EVENT_SCHEMA_VERSIONS: Readonly<Record<LedgerEventType, number>> = {
  PolicyPublished: 1,
  PersonRegistered: 1,
  IdentityRecognized: 1,
  IdentityRevoked: 1,
  EnrollmentRegistered: 1,
  EnrollmentSubsidyGranted: 1,
  EnrollmentSubsidyDeclined: 1,
  ClaimSettled: 2,
  ClaimReassessed: 2,
  HighCostAlertRaised: 1,
  HighCostAlertWithdrawn: 1,
  OneTimeAssistanceGranted: 1,
  PersonalDataErased: 1,
};

export const schemaVersionOf = (type: LedgerEventType): number => LEDGER_EVENT_SCHEMA_VERSIONS[type];
