/**
 * Signatures of the pure policy functions the ledger's deciders call. The implementations live in
 * settlement.ts, subsidy.ts, monitoring.ts and one-time-assistance.ts; this file fixes the shapes so
 * that the deciders and the engine can be written side by side.
 */
import type { AmountText, Category, IsoDate, Scheme } from '../vocabulary';
import type { PolicyRef, PublishedPack } from './policy-pack';
import type { Accumulators, Claim, SentenceStep } from './settlement.types';

export interface SubsidyInput {
  /** The revision in force on max(enrolledOn, 1 January of `year`), or null when none is. */
  readonly policy: PublishedPack | null;
  readonly year: number;
  readonly enrolledOn: IsoDate;
  readonly scheme: Scheme;
  /** Categories valid on the enrollment date (before aliases). */
  readonly heldCategories: readonly Category[];
  /** The contribution the command states; the pack's own contribution for the year wins when it has one. */
  readonly statedContribution: AmountText;
  /** What this person-year has already been granted (a top-up pays only the difference). */
  readonly alreadyGranted: { readonly category: Category; readonly amount: AmountText } | null;
}

export type SubsidyDecision =
  | {
      readonly kind: 'granted';
      readonly contribution: AmountText;
      readonly category: Category;
      readonly rule: { readonly kind: 'full' | 'percent' | 'amount'; readonly parameter: string | null; readonly clause: string };
      /** The amount of this grant (the difference, for a top-up). */
      readonly amount: AmountText;
      readonly previouslyGranted: AmountText;
      readonly policy: PolicyRef;
      readonly trace: readonly SentenceStep[];
    }
  | {
      readonly kind: 'none';
      readonly contribution: AmountText;
      readonly reason: string;
      readonly policy: PolicyRef | null;
      readonly trace: readonly SentenceStep[];
    };

export interface MonitoringInput {
  readonly policy: PublishedPack;
  readonly scheme: Scheme;
  /** Categories held on the reference date of the claim just settled or reassessed. */
  readonly heldCategories: readonly Category[];
  /** The person-year's burdens after that claim (the accumulators, or only the two burdens). */
  readonly accumulators: Pick<Accumulators, 'burdenTotal' | 'burdenPolicyScope'>;
  /** Rule ids whose alert is currently raised for this person-year. */
  readonly openAlerts: ReadonlySet<string>;
}

export interface AlertChange {
  readonly rule: string;
  readonly ruleName: string;
  readonly threshold: AmountText;
  readonly burden: AmountText;
}

export interface MonitoringDecision {
  readonly raise: readonly AlertChange[];
  readonly withdraw: readonly AlertChange[];
}

export interface OneTimeAssistanceInput {
  readonly policy: PublishedPack;
  readonly applicationDate: IsoDate;
  readonly category: Category;
  /** Settled claims of the person with their current amounts (after reassessments). */
  readonly claims: ReadonlyArray<{
    readonly claim: Claim;
    readonly referenceDate: IsoDate;
    readonly policyScope: AmountText;
    readonly payouts: { readonly basic: AmountText; readonly critical: AmountText; readonly assistance: AmountText; readonly reassistance: AmountText };
  }>;
}

export interface OneTimeAssistanceDecision {
  readonly claimsCovered: readonly string[];
  readonly amount: AmountText;
  readonly trace: readonly SentenceStep[];
}
