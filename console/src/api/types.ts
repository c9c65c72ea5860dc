/**
 * The shapes the console reads from the public HTTP API. They mirror the service's read models
 * (src/projections/*, src/api/ledger/person-view.ts) but are declared here, not imported: the console
 * is a client of the published API and must keep working from the wire format alone. Fields the
 * console does not use are left out.
 */

export type Category =
  | 'DESTITUTE'
  | 'ORPHAN'
  | 'SUBSISTENCE'
  | 'RETURNED_TO_POVERTY'
  | 'MARGINAL'
  | 'UNSTABLE'
  | 'EDGE'
  | 'SUDDEN_HARDSHIP'
  | 'ILLNESS_IMPOVERISHED'
  | 'STABLE_OUT_OF_POVERTY';

export const TIERS = ['basic', 'critical', 'assistance', 'reassistance'] as const;
export type Tier = (typeof TIERS)[number];

/** Yuan with two decimals, as the ledger writes them ("937.80"). */
export type Amount = string;

export type Payouts = Readonly<Record<Tier, Amount>>;

export interface PolicyRef {
  readonly region: string;
  readonly revision: string;
  readonly hash: string;
}

export interface RecordedStamp {
  readonly position: string;
  readonly recordedAt: string;
  readonly eventId: string;
}

export interface IdentitySource {
  readonly department: string;
  readonly document: string;
}

/** GET /persons/{id}: the person as the write side knows it now. */
export interface PersonView {
  readonly personId: string;
  readonly region: string;
  readonly scheme: string;
  readonly enrollments: ReadonlyArray<{
    readonly year: number;
    readonly scheme: string;
    readonly contribution: Amount;
    readonly enrolledOn: string;
    readonly subsidy: { readonly category: string; readonly amount: Amount } | null;
  }>;
}

export interface ValidityInterval {
  readonly category: Category;
  readonly validFrom: string;
  /** Inclusive; null while open. */
  readonly validTo: string | null;
}

export interface TimelineEntry {
  readonly change: 'recognized' | 'revoked';
  readonly category: Category;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly reason: string | null;
  readonly source: IdentitySource;
  readonly recordedOn: string;
  readonly retroactive: boolean;
  readonly stamp: RecordedStamp;
}

/** GET /persons/{id}/timeline?asOf=&asAt= */
export interface TimelineView {
  readonly personId: string;
  readonly asOf: string | null;
  readonly asAt: string | null;
  readonly entries: readonly TimelineEntry[];
  readonly intervals: readonly ValidityInterval[];
  readonly heldOn: readonly Category[] | null;
}

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

export interface Accumulators {
  readonly criticalBase: Amount;
  readonly assistanceBase: Amount;
  readonly reassistanceBase: Amount;
  readonly paid: Payouts;
  readonly burdenTotal: Amount;
  readonly burdenPolicyScope: Amount;
  readonly claimCount: number;
  readonly [other: string]: unknown;
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

export interface SubsidyRule {
  readonly kind: 'full' | 'percent' | 'amount';
  readonly parameter: string | null;
  readonly clause: string;
}

/** GET /persons/{id}/years/{year}/subsidy */
export interface SubsidyView {
  readonly personId: string;
  readonly year: number;
  readonly enrollment: {
    readonly scheme: string;
    readonly contribution: Amount;
    readonly enrolledOn: string;
    readonly policy: PolicyRef | null;
  } | null;
  readonly status: 'granted' | 'declined' | 'not-decided';
  readonly amount: Amount;
  readonly category: Category | null;
  readonly rule: SubsidyRule | null;
  readonly grants: ReadonlyArray<{ readonly category: Category; readonly rule: SubsidyRule; readonly amount: Amount; readonly previouslyGranted: Amount; readonly stamp: RecordedStamp }>;
  readonly declined: { readonly reason: string } | null;
}

export interface AlertView {
  readonly personId: string;
  readonly year: number;
  readonly rule: string;
  readonly ruleName: string;
  readonly open: boolean;
  readonly threshold: Amount;
  readonly burden: Amount;
  readonly history: ReadonlyArray<{ readonly change: 'raised' | 'withdrawn'; readonly threshold: Amount; readonly burden: Amount; readonly claimId: string; readonly stamp: RecordedStamp }>;
}

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

/** The service's error body (ErrorResponse). */
export interface ErrorBody {
  readonly statusCode: number;
  readonly error?: string;
  readonly code?: string;
  readonly message: string | readonly string[];
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
