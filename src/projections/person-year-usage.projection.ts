import type { ClaimReassessed, ClaimSettled } from '../domain/ledger.events';
import type { PolicyRef } from '../domain/policy/policy-pack';
import type { Accumulators, Payouts, TraceStep } from '../domain/policy/settlement.types';
import { TIERS, type Category, type Tier } from '../domain/vocabulary';
import { minAmount, normaliseAmount, remainingUnder, sumOfPayouts } from './amounts';
import {
  applyReducer,
  instantKey,
  paddedPosition,
  stampOf,
  type ProjectedEvent,
  type Projection,
  type RecordedStamp,
  type RowReducer,
  type TableDefinition,
} from './projection';

/**
 * person-year-usage: per person-year and tier, the base accumulated, the threshold consumed, the
 * amount paid, the cap and what is left of it; per claim the current amounts and the running totals
 * after it; and one history row per change, stamped with the event's position and recordedAt, so an
 * `asAt` query answers with the usage as the ledger knew it at that moment.
 */

/** "unlimited" when the trace says the tier has no annual cap; null when the trace does not say. */
export type CapText = string | 'unlimited' | null;

export interface TierUsage {
  /** The accumulated base of the tier (B, A, R); null for basic insurance, which has none. */
  readonly base: string | null;
  /** Threshold of the category applied to the last claim, as its trace states it; null when not stated. */
  readonly threshold: string | null;
  /** min(base, threshold): how much of the threshold the year has consumed; null when either is unknown. */
  readonly thresholdConsumed: string | null;
  readonly paid: string;
  readonly cap: CapText;
  readonly remaining: CapText;
}

export interface ClaimUsage {
  readonly claimId: string;
  readonly sequence: number;
  readonly referenceDate: string;
  readonly appliedCategory: Category | null;
  readonly payouts: Payouts;
  readonly outOfPocket: string;
  /** Paid per tier in the year up to and including this claim (the accumulators after it). */
  readonly runningPaid: Payouts;
  readonly accumulatorsAfter: Accumulators;
  readonly reassessments: number;
  /** Threshold and cap per tier as the claim's latest trace states them (the full trace is in claim-explanation). */
  readonly figures: Readonly<Record<Tier, TraceFigures>>;
}

export interface UsageRow {
  readonly personId: string;
  readonly year: number;
  readonly region: string | null;
  readonly appliedCategory: Category | null;
  readonly policy: PolicyRef | null;
  readonly tiers: Readonly<Record<Tier, TierUsage>>;
  readonly burden: { readonly total: string; readonly policyScope: string };
  /** In recorded order (sequence). */
  readonly claims: readonly ClaimUsage[];
  readonly lastChange: RecordedStamp | null;
}

export interface UsageHistoryRow {
  readonly personId: string;
  readonly year: number;
  readonly eventType: string;
  readonly stamp: RecordedStamp;
  readonly usage: UsageRow;
}

type UsageEvent = Extract<ProjectedEvent, ClaimSettled | ClaimReassessed>;

const isUsageEvent = (event: ProjectedEvent): event is UsageEvent =>
  event.type === 'ClaimSettled' || event.type === 'ClaimReassessed';

export const usageKey = (personId: string, year: number): string => `${personId}/${year}`;

export const emptyUsage = (personId: string, year: number): UsageRow => ({
  personId,
  year,
  region: null,
  appliedCategory: null,
  policy: null,
  tiers: tiersOf([], null),
  burden: { total: '0.00', policyScope: '0.00' },
  claims: [],
  lastChange: null,
});

/** The pure reducer: a settlement appends a claim, a reassessment replaces its amounts; the tiers are then recomputed. */
export const applyUsage = (row: UsageRow, event: ProjectedEvent): UsageRow => {
  if (!isUsageEvent(event)) return row;
  const claims = event.type === 'ClaimSettled' ? withSettled(row.claims, event.data) : withReassessed(row.claims, event.data);
  const last = claims[claims.length - 1] ?? null;
  return {
    ...row,
    region: event.data.policy.region,
    appliedCategory: last ? last.appliedCategory : null,
    policy: event.data.policy,
    claims,
    tiers: tiersOf(claims, last),
    burden: last
      ? { total: last.accumulatorsAfter.burdenTotal, policyScope: last.accumulatorsAfter.burdenPolicyScope }
      : row.burden,
    lastChange: stampOf(event),
  };
};

const withSettled = (claims: readonly ClaimUsage[], data: ClaimSettled['data']): ClaimUsage[] => {
  // A settlement seen twice (it cannot be, the runner applies each position once) would replace, never add.
  const others = claims.filter((claim) => claim.claimId !== data.claimId);
  const settled: ClaimUsage = {
    claimId: data.claimId,
    sequence: data.sequence,
    referenceDate: data.referenceDate,
    appliedCategory: data.appliedCategory,
    payouts: data.payouts,
    outOfPocket: data.outOfPocket,
    runningPaid: data.accumulators.after.paid,
    accumulatorsAfter: data.accumulators.after,
    reassessments: 0,
    figures: figuresOf(data.trace),
  };
  return [...others, settled].sort((left, right) => left.sequence - right.sequence);
};

const withReassessed = (claims: readonly ClaimUsage[], data: ClaimReassessed['data']): ClaimUsage[] =>
  claims.map((claim) =>
    claim.claimId !== data.claimId
      ? claim
      : {
          ...claim,
          appliedCategory: data.appliedCategory,
          payouts: data.next.payouts,
          outOfPocket: data.next.outOfPocket,
          runningPaid: data.accumulators.after.paid,
          accumulatorsAfter: data.accumulators.after,
          reassessments: claim.reassessments + 1,
          figures: figuresOf(data.trace),
        },
  );

/** The base accumulator of each tier; basic insurance accumulates none. */
const BASE_OF: Readonly<Record<Tier, keyof Accumulators | null>> = {
  basic: null,
  critical: 'criticalBase',
  assistance: 'assistanceBase',
  reassistance: 'reassistanceBase',
};

/**
 * The tiers of the year. `paid` sums the claims' current payouts (so it always equals the claims
 * shown); bases come from the last claim's accumulators, which carry the year's totals because the
 * ledger reassesses every later claim whenever an accumulator moves.
 */
const tiersOf = (claims: readonly ClaimUsage[], last: ClaimUsage | null): Record<Tier, TierUsage> => {
  const paid = sumOfPayouts(claims.map((claim) => claim.payouts));
  const entries = TIERS.map((tier): [Tier, TierUsage] => {
    const baseField = BASE_OF[tier];
    const base = baseField && last ? (last.accumulatorsAfter[baseField] as string) : baseField ? '0.00' : null;
    const figures = last ? last.figures[tier] : NO_FIGURES;
    return [tier, tierUsage(base, figures, paid[tier])];
  });
  return Object.fromEntries(entries) as Record<Tier, TierUsage>;
};

const tierUsage = (base: string | null, figures: TraceFigures, paid: string): TierUsage => ({
  base,
  threshold: figures.threshold,
  thresholdConsumed: base !== null && figures.threshold !== null ? minAmount(base, figures.threshold) : null,
  paid,
  cap: figures.cap,
  remaining: figures.cap === null || figures.cap === 'unlimited' ? figures.cap : (figures.remainingAfter ?? remainingUnder(figures.cap, paid)),
});

export interface TraceFigures {
  readonly threshold: string | null;
  readonly cap: CapText;
  /**
   * What the engine says is left of the cap after the claim. It is preferred over cap − paid because
   * a cap may be shared (re-assistance within the assistance cap) and only the engine knows how.
   */
  readonly remainingAfter: string | null;
}

const figuresOf = (trace: readonly TraceStep[]): Record<Tier, TraceFigures> =>
  Object.fromEntries(TIERS.map((tier) => [tier, traceFigures(trace, tier)])) as Record<Tier, TraceFigures>;

const NO_FIGURES: TraceFigures = { threshold: null, cap: null, remainingAfter: null };

const THRESHOLD_KEYS = ['threshold'] as const;
const CAP_KEYS = ['cap', 'annualCap'] as const;
const UNLIMITED = new Set(['null', 'none', 'unlimited', '']);

/**
 * Threshold and cap of a tier as the settlement trace states them (the engine's step of that name:
 * `threshold`, `cap` with "none" for no cap, `capRemainingAfter`). The trace is an explanation, not
 * a contract, so this reads the figures where they are and reports null where they are not, rather
 * than recomputing policy here.
 */
export const traceFigures = (trace: readonly TraceStep[], tier: Tier): TraceFigures => {
  const step = trace.find((candidate) => candidate.step === tier);
  const values = step?.values ?? {};
  const threshold = normaliseAmount(THRESHOLD_KEYS.map((key) => values[key]).find((value) => value !== undefined));
  const capText = CAP_KEYS.map((key) => values[key]).find((value) => value !== undefined);
  const cap: CapText = capText === undefined ? null : UNLIMITED.has(capText.trim().toLowerCase()) ? 'unlimited' : normaliseAmount(capText);
  return { threshold, cap, remainingAfter: normaliseAmount(values.capRemainingAfter) };
};

const YEARS: TableDefinition<UsageRow> = {
  name: 'years',
  columns: { person_id: 'TEXT', year: 'INTEGER' },
  indexes: [['person_id', 'year']],
  columnsOf: (row) => ({ person_id: row.personId, year: row.year }),
};

const HISTORY: TableDefinition<UsageHistoryRow> = {
  name: 'history',
  columns: { person_id: 'TEXT', year: 'INTEGER', position: 'INTEGER', recorded_at: 'TEXT' },
  indexes: [['person_id', 'year', 'recorded_at']],
  columnsOf: (row) => ({ person_id: row.personId, year: row.year, position: BigInt(row.stamp.position), recorded_at: instantKey(row.stamp.recordedAt) }),
};

export const usageReducer: RowReducer<UsageRow> = {
  table: YEARS,
  keysOf: (event) => (isUsageEvent(event) ? [usageKey(event.data.personId, event.data.year)] : []),
  initial: (_key, event) => (isUsageEvent(event) ? emptyUsage(event.data.personId, event.data.year) : emptyUsage('', 0)),
  apply: applyUsage,
};

/** One history row per change: the usage after the event, keyed so that the key order is the event order. */
export const usageHistoryRow = (usage: UsageRow, event: ProjectedEvent): UsageHistoryRow => ({
  personId: usage.personId,
  year: usage.year,
  eventType: event.type,
  stamp: stampOf(event),
  usage,
});

export const personYearUsageProjection: Projection = {
  name: 'person-year-usage',
  version: 1,
  tables: [YEARS, HISTORY],
  apply: (rows, event) => {
    if (!isUsageEvent(event)) return;
    applyReducer(rows, usageReducer, event);
    const key = usageKey(event.data.personId, event.data.year);
    const usage = rows.get(YEARS, key)!;
    rows.put(HISTORY, `${key}/${paddedPosition(event.position)}`, usageHistoryRow(usage, event));
  },
};

export const PERSON_YEAR_USAGE_TABLES = { years: YEARS, history: HISTORY } as const;
