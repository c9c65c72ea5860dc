import type { ClaimReassessed, ClaimSettled } from '../domain/ledger.events';
import type { PolicyRef } from '../domain/policy/policy-pack';
import type { Accumulators, Payouts } from '../domain/policy/settlement.types';
import { TIERS, type Category, type Tier } from '../domain/vocabulary';
import { minAmount, remainingUnder, sumOfPayouts } from './amounts';
import { figuresOf, NO_FIGURES, type CapText, type TraceFigures } from './trace-figures';
import {
  instantKey,
  paddedPosition,
  stampOf,
  type ProjectedEvent,
  type Projection,
  type RecordedStamp,
  type RowStore,
  type TableDefinition,
} from './projection';

export { traceFigures, type CapText, type TraceFigures } from './trace-figures';

/**
 * person-year-usage: per person-year and tier, the base accumulated, the threshold consumed, the
 * amount paid, the cap and what is left of it; per claim the current amounts and the running totals
 * after it; and one history row per change, stamped with the event's position and recordedAt, so an
 * `asAt` query answers with the usage as the ledger knew it at that moment.
 */


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

/**
 * One history row per change: what the change did (the claim as it stands after it, or null when a
 * reassessment names a claim this projection never saw) with the event's stamp. A row holds one
 * claim, never the whole year, so the history grows linearly with the events; an `asAt` answer
 * folds the rows up to that moment (`usageAsAt`).
 */
export interface UsageHistoryRow {
  readonly personId: string;
  readonly year: number;
  readonly eventType: string;
  readonly stamp: RecordedStamp;
  readonly region: string;
  readonly policy: PolicyRef;
  readonly claim: ClaimUsage | null;
}

/** What the answer says of the person-year besides its claims: the region, policy and stamp of its last change. */
export interface UsageYearRow {
  readonly personId: string;
  readonly year: number;
  readonly region: string | null;
  readonly policy: PolicyRef | null;
  readonly lastChange: RecordedStamp | null;
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

/**
 * The pure reducer of the whole view: a settlement adds a claim, a reassessment replaces its
 * amounts; the tiers are then recomputed. The projection stores the same thing in pieces (one row
 * per claim, one delta per change) so that no write grows with the year; `usageView` assembles them.
 */
export const applyUsage = (row: UsageRow, event: ProjectedEvent): UsageRow => {
  if (!isUsageEvent(event)) return row;
  const before = row.claims.find((claim) => claim.claimId === event.data.claimId);
  const changed = claimAfter(before, event);
  const others = row.claims.filter((claim) => claim.claimId !== event.data.claimId);
  const claims = changed === null ? row.claims : [...others, changed].sort(bySequence);
  return usageView(yearAfter(row, event), claims);
};

/** The claim as it stands after the event; null for a reassessment of a claim never settled here. */
export const claimAfter = (before: ClaimUsage | undefined, event: UsageEvent): ClaimUsage | null => {
  if (event.type === 'ClaimSettled') {
    // A settlement seen twice (it cannot be, the runner applies each position once) would replace, never add.
    const data = event.data;
    return {
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
  }
  if (before === undefined) return null;
  const data = event.data;
  return {
    ...before,
    appliedCategory: data.appliedCategory,
    payouts: data.next.payouts,
    outOfPocket: data.next.outOfPocket,
    runningPaid: data.accumulators.after.paid,
    accumulatorsAfter: data.accumulators.after,
    reassessments: before.reassessments + 1,
    figures: figuresOf(data.trace),
  };
};

const yearAfter = (year: UsageYearRow, event: UsageEvent): UsageYearRow => ({
  personId: year.personId,
  year: year.year,
  region: event.data.policy.region,
  policy: event.data.policy,
  lastChange: stampOf(event),
});

const bySequence = (left: ClaimUsage, right: ClaimUsage): number => left.sequence - right.sequence;

/** The answer from the stored pieces: the year row and its claims in recorded order (sequence). */
export const usageView = (year: UsageYearRow, claims: readonly ClaimUsage[]): UsageRow => {
  const last = claims[claims.length - 1] ?? null;
  return {
    personId: year.personId,
    year: year.year,
    region: year.region,
    appliedCategory: last ? last.appliedCategory : null,
    policy: year.policy,
    tiers: tiersOf(claims, last),
    burden: last ? { total: last.accumulatorsAfter.burdenTotal, policyScope: last.accumulatorsAfter.burdenPolicyScope } : { total: '0.00', policyScope: '0.00' },
    claims,
    lastChange: year.lastChange,
  };
};

/**
 * The usage as at a recorded moment, folded from the history rows of the changes recorded by then
 * (position order): each row carries the claim as it stood after its change, so the last row of a
 * claim wins. Linear in the changes of the person-year.
 */
export const usageAsAt = (personId: string, year: number, history: readonly UsageHistoryRow[]): UsageRow => {
  const claims = new Map<string, ClaimUsage>();
  let yearRow: UsageYearRow = { personId, year, region: null, policy: null, lastChange: null };
  for (const change of history) {
    if (change.claim !== null) claims.set(change.claim.claimId, change.claim);
    yearRow = { personId, year, region: change.region, policy: change.policy, lastChange: change.stamp };
  }
  return usageView(yearRow, [...claims.values()].sort(bySequence));
};

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

/**
 * One row per change of a person-year (a settlement or a reassessment), holding the claim as it stood
 * after that change. The answer now is the fold of all of them, the answer as at a moment the fold of
 * those recorded by then. The region of the revision applied and the claim's reference date are
 * columns: they make the table the index of person-years by region and date that a region-wide
 * reassessment starts from.
 */
const HISTORY: TableDefinition<UsageHistoryRow> = {
  name: 'history',
  columns: { person_id: 'TEXT', year: 'INTEGER', position: 'INTEGER', recorded_at: 'TEXT', region: 'TEXT', reference_date: 'TEXT' },
  // The first index serves both the asAt cut-off (recorded_at among the person-year's rows) and the fold in position order.
  // The second covers the region index: a region's person-years in order, read in pages without touching a row.
  indexes: [['person_id', 'year', 'position'], ['region', 'person_id', 'year', 'reference_date']],
  columnsOf: (row) => ({
    person_id: row.personId,
    year: row.year,
    position: BigInt(row.stamp.position),
    recorded_at: instantKey(row.stamp.recordedAt),
    region: row.region,
    reference_date: row.claim?.referenceDate ?? null,
  }),
};

const historyKey = (personId: string, year: number, position: bigint): string => `${usageKey(personId, year)}/${paddedPosition(position)}`;

/** Where a claim's latest change is: a reassessment starts from the claim as that change left it. */
interface LatestChangeRow {
  readonly historyKey: string;
}

/** Read by key only, so no secondary index: each index is one more B-tree write per event. */
const LATEST: TableDefinition<LatestChangeRow> = {
  name: 'latest',
  columns: {},
  indexes: [],
  columnsOf: () => ({}),
};

const claimKey = (personId: string, year: number, claimId: string): string => `${usageKey(personId, year)}/${claimId}`;

const latestClaim = (rows: RowStore, personId: string, year: number, claimId: string): ClaimUsage | undefined => {
  const latest = rows.get(LATEST, claimKey(personId, year, claimId));
  return latest === undefined ? undefined : (rows.get(HISTORY, latest.historyKey)?.claim ?? undefined);
};

/**
 * Version 4 indexes the history by region, person, year and reference date, which covers the region
 * index's query (version 3 indexed region and reference date, and a Fumeng year of scale full took
 * 0.4 s of row lookups on the event loop). Version 3 stores each change once: a history row holding
 * the claim as it stood after the change. Version 2 also kept a year row and a row per claim, each a
 * copy of what the last history rows say; version 1 rewrote every claim of the year on every change,
 * O(n²) bytes for n claims.
 */
export const personYearUsageProjection: Projection = {
  name: 'person-year-usage',
  version: 4,
  tables: [HISTORY, LATEST],
  apply: (rows, event) => {
    if (!isUsageEvent(event)) return;
    const { personId, year, claimId } = event.data;
    const claim = claimAfter(event.type === 'ClaimSettled' ? undefined : latestClaim(rows, personId, year, claimId), event);
    const key = historyKey(personId, year, event.position);
    rows.put(HISTORY, key, { personId, year, eventType: event.type, stamp: stampOf(event), region: event.data.policy.region, policy: event.data.policy, claim });
    if (claim !== null) rows.put(LATEST, claimKey(personId, year, claimId), { historyKey: key });
  },
};

export const PERSON_YEAR_USAGE_TABLES = { history: HISTORY, latest: LATEST } as const;
