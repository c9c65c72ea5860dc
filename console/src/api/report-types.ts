import type { Amount, Category, Payouts, Tier } from './types';

/** Answers about many person-years at once: fund flows, a reassessment's report, a policy simulation (see types.ts). */

export type FundTier = Tier | 'subsidy' | 'oneTimeAssistance';

export interface FundRow {
  readonly region: string;
  /** YYYY-MM */
  readonly month: string;
  readonly tier: FundTier;
  readonly category: Category | null;
  readonly settled: Amount;
  readonly reassessed: Amount;
  readonly total: Amount;
  readonly count: number;
}

export interface ReassessmentChange {
  readonly claimId: string;
  readonly personId: string;
  readonly year: number;
  readonly delta: Payouts;
  readonly totalDelta: Amount;
}

/** POST /reassessments answer. */
export interface ReassessmentReport {
  readonly correctionId: string;
  readonly dryRun: boolean;
  readonly personYears: number;
  readonly personYearsAffected: number;
  readonly claims: number;
  readonly claimsAffected: number;
  readonly delta: Payouts & { readonly total: Amount };
  readonly largestChanges: readonly ReassessmentChange[];
  readonly events: readonly unknown[];
}

/** Actual, draft and difference (draft − actual), per tier and in total. */
export interface SimulationComparison {
  readonly actual: Payouts & { readonly total: Amount };
  readonly draft: Payouts & { readonly total: Amount };
  readonly difference: Payouts & { readonly total: Amount };
}

/** The answer of a policy impact simulation (测算): a draft pack replayed over a region's recorded year. */
export interface SimulationReport {
  readonly region: string;
  readonly year: number;
  readonly draftYear: number;
  readonly draft: { readonly revision: string; readonly hash: string };
  readonly position: string;
  readonly personYears: number;
  readonly claims: number;
  readonly totals: SimulationComparison;
  readonly byCategory: ReadonlyArray<SimulationComparison & { readonly category: Category | null; readonly claims: { readonly actual: number; readonly draft: number } }>;
  readonly byMonth: ReadonlyArray<SimulationComparison & { readonly month: string; readonly claims: number }>;
  readonly changed: { readonly persons: number; readonly claims: number };
  readonly largestChanges: ReadonlyArray<{ readonly personId: string; readonly actual: Amount; readonly draft: Amount; readonly difference: Amount }>;
  readonly earlyWarning: { readonly actual: number; readonly draft: number; readonly newlyCrossing: number; readonly noLongerCrossing: number };
  readonly subsidies: { readonly enrollments: number; readonly actual: Amount; readonly draft: Amount; readonly difference: Amount };
}

/** GET /simulations/{id}: a simulation running in the service, or its answer. */
export interface SimulationJob {
  readonly id: string;
  readonly status: 'running' | 'done' | 'failed' | 'cancelled';
  readonly progress: { readonly done: number; readonly total: number };
  readonly report: SimulationReport | null;
  readonly error: { readonly code: string; readonly message: string } | null;
}
