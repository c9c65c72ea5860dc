import type { Accumulators, Amount, Category, Payouts, PolicyRef, RecordedStamp, Tier } from './types';

/** A claim as GET /claims/{id} answers: its settlement, reassessments and the explanation rendered by the ledger (see types.ts). */

/** A recorded trace step (docs/events.md, TraceStep v2): a message key, its figures and the pack rule applied. */
export interface TraceStep {
  readonly key: string;
  readonly values?: Readonly<Record<string, string>>;
  readonly rule?: string;
  readonly figures?: Readonly<Record<string, string>>;
}

/** Where a figure comes from, as the ledger renders it. */
export interface RenderedProvenance {
  readonly kind: 'cited' | 'assumed' | 'unsourced' | 'recorded' | 'unknown';
  readonly doc?: string;
  readonly clause?: string;
  readonly title?: string;
  readonly note?: string;
  readonly rule?: string;
  readonly text: string;
}

export interface RenderedFigure {
  readonly name: string;
  readonly label: string;
  readonly value: string;
  readonly text: string;
  readonly provenance: RenderedProvenance | null;
}

/** One step of an explanation rendered by the ledger in the language the console asked for. */
export interface RenderedStep {
  readonly index: number;
  readonly key: string;
  readonly tier: Tier | null;
  readonly title: string;
  readonly text: string;
  readonly provenance: RenderedProvenance | null;
  readonly figures: readonly RenderedFigure[];
}

export interface RenderedExplanation {
  readonly lang: 'zh' | 'en';
  readonly heading: readonly string[];
  readonly steps: readonly RenderedStep[];
}

export interface ClaimExplanation {
  readonly claimId: string;
  readonly lang: 'zh' | 'en';
  readonly settlement: RenderedExplanation | null;
  readonly reassessments: ReadonlyArray<{ readonly correctionId: string; readonly explanation: RenderedExplanation }>;
}

export interface ClaimCosts {
  readonly total: Amount;
  readonly outOfCatalog: Amount;
  readonly categoryBSelfPay: Amount;
  readonly overStandard: Amount;
  readonly outOfAreaFirstSelfPay: Amount;
}

export interface Settlement {
  readonly claimId: string;
  readonly personId: string;
  readonly year: number;
  readonly sequence: number;
  readonly referenceDate: string;
  readonly heldCategories: readonly Category[];
  readonly appliedCategory: Category | null;
  readonly policy: PolicyRef;
  /** The claim as submitted: kind, dates and costs are read here (ClaimSettled v2). */
  readonly claim: {
    readonly kind: string;
    readonly admissionDate: string;
    readonly dischargeDate: string;
    readonly costs: ClaimCosts;
    readonly hospitalLevel?: string;
    readonly location?: string;
    readonly referred?: boolean;
    readonly relocationFiled?: boolean;
  };
  readonly policyScope: Amount;
  readonly payouts: Payouts;
  readonly outOfPocket: Amount;
  readonly accumulators: { readonly before: Accumulators; readonly after: Accumulators };
  readonly trace: readonly TraceStep[];
  readonly stamp?: RecordedStamp;
}

export interface Reassessment {
  readonly correctionId: string;
  readonly reason: string;
  readonly previous: { readonly payouts: Payouts; readonly outOfPocket: Amount };
  readonly next: { readonly payouts: Payouts; readonly outOfPocket: Amount };
  readonly delta: Payouts;
  readonly recoveryDue: boolean;
  readonly appliedCategory: Category | null;
  /** Categories held on the reference date as the reassessment knew them. */
  readonly heldCategories?: readonly Category[];
  readonly policy: PolicyRef;
  readonly trace: readonly TraceStep[];
  readonly stamp?: RecordedStamp;
}

/** GET /claims/{id} */
export interface ClaimView {
  readonly claimId: string;
  readonly personId: string;
  readonly year: number | null;
  readonly settlement: Settlement | null;
  readonly reassessments: readonly Reassessment[];
  readonly current: { readonly payouts: Payouts; readonly outOfPocket: Amount; readonly appliedCategory: Category | null; readonly policy: PolicyRef } | null;
  readonly oneTimeAssistance: ReadonlyArray<{ readonly applicationDate: string; readonly amount: Amount; readonly claimsCovered: readonly string[] }>;
  /** The traces rendered in the language asked for (`lang`). */
  readonly explanation: ClaimExplanation;
}
