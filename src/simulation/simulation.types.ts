import type { Category, Tier } from '../domain/vocabulary';

/** Four tiers and their sum, as two-decimal yuan strings. */
export type TierAmounts = Readonly<Record<Tier | 'total', string>>;

/** Actual (as recorded now, reassessments included) against the draft, and the difference draft − actual. */
export interface Comparison {
  readonly actual: TierAmounts;
  readonly draft: TierAmounts;
  readonly difference: TierAmounts;
}

export interface CategoryComparison extends Comparison {
  /** The category the claims were settled under; `null` for claims settled under none. */
  readonly category: Category | null;
  /** Claims settled under this category as recorded, and under the draft. */
  readonly claims: { readonly actual: number; readonly draft: number };
}

export interface MonthComparison extends Comparison {
  /** `YYYY-MM` of the claims' reference dates. */
  readonly month: string;
  readonly claims: number;
}

export interface PersonChange {
  /** The opaque person id only: a simulation never carries personal data. */
  readonly personId: string;
  readonly actual: string;
  readonly draft: string;
  readonly difference: string;
}

export interface SimulationReport {
  readonly region: string;
  /** The benefit year whose recorded claims were replayed. */
  readonly year: number;
  /** The year the draft was written for, when its dates were shifted onto an earlier recorded year. */
  readonly draftYear: number;
  readonly draft: { readonly revision: string; readonly hash: string; readonly effectiveFrom: string; readonly effectiveTo: string | null };
  /** The store's global position the figures were computed at: the same draft at the same position gives the same figures. */
  readonly position: string;
  readonly personYears: number;
  readonly claims: number;
  readonly totals: Comparison;
  readonly byCategory: readonly CategoryComparison[];
  readonly byMonth: readonly MonthComparison[];
  readonly changed: { readonly persons: number; readonly claims: number };
  readonly largestChanges: readonly PersonChange[];
  /** Persons with an open early-warning alert at the end of the replay, actual and under the draft. */
  readonly earlyWarning: { readonly actual: number; readonly draft: number; readonly newlyCrossing: number; readonly noLongerCrossing: number };
  readonly subsidies: { readonly enrollments: number; readonly actual: string; readonly draft: string; readonly difference: string };
}

export interface SimulationInput {
  /** The draft pack as YAML (or JSON) text; validated like a published pack, never appended. */
  readonly packText: string;
  /** Names the draft in validation problems (its file name); default "draft". */
  readonly packOrigin?: string;
  readonly region: string;
  readonly year: number;
  /** Replay the recorded claims of this earlier year instead, with the draft's dates shifted onto it. */
  readonly againstYear?: number;
}

/** Told how many person-years are done, out of how many. */
export type SimulationProgress = (done: number, total: number) => void;
