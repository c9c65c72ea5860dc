import type { Accumulators, Amount, Category, Payouts, PolicyRef, RecordedStamp, Tier } from './types';

/** A person-year's usage per tier and claim, for the usage page and its charts (see types.ts). */

/** "unlimited" when the tier has no annual cap; null when the trace does not state one. */
export type CapText = Amount | 'unlimited' | null;

export interface TierUsage {
  readonly base: Amount | null;
  readonly threshold: Amount | null;
  readonly thresholdConsumed: Amount | null;
  readonly paid: Amount;
  readonly cap: CapText;
  readonly remaining: CapText;
}

export interface ClaimUsage {
  readonly claimId: string;
  readonly sequence: number;
  readonly referenceDate: string;
  readonly appliedCategory: Category | null;
  readonly payouts: Payouts;
  readonly outOfPocket: Amount;
  readonly runningPaid: Payouts;
  readonly accumulatorsAfter: Accumulators;
  readonly reassessments: number;
  /** Threshold and cap per tier as this claim's (latest) trace states them. */
  readonly figures?: Readonly<Record<Tier, { readonly threshold: Amount | null; readonly cap: CapText }>>;
}

/** GET /persons/{id}/years/{year}/usage?asAt= */
export interface UsageView {
  readonly personId: string;
  readonly year: number;
  readonly region: string | null;
  readonly appliedCategory: Category | null;
  readonly policy: PolicyRef | null;
  readonly tiers: Readonly<Record<Tier, TierUsage>>;
  readonly burden: { readonly total: Amount; readonly policyScope: Amount };
  readonly claims: readonly ClaimUsage[];
  readonly lastChange: RecordedStamp | null;
}
