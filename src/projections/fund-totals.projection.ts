import type { ClaimReassessed, ClaimSettled, EnrollmentSubsidyGranted, OneTimeAssistanceGranted } from '../domain/ledger.events';
import type { Payouts } from '../domain/policy/settlement.types';
import { TIERS, type Category, type Tier } from '../domain/vocabulary';
import { addAmounts, subtractAmounts, ZERO_AMOUNT } from './amounts';
import type { ProjectedEvent, Projection, RowStore, TableDefinition } from './projection';
import { assert } from '../shared/domain-error';

/**
 * fund-totals: what each fund paid, by pooling region × month × tier × category. A claim counts in
 * the month of its reference date (the date that decided its year, revision and category). A
 * reassessment moves the claim's amounts: the previous amounts leave the key they were counted
 * under and the new ones enter the key of the category now applied, so every row always equals the
 * sum of the current amounts of its claims, and the `reassessed` column shows how much of that came
 * from corrections. Enrollment subsidies are the separate tier `subsidy` (counted in the month of
 * enrollment); one-time assistance is the tier `oneTimeAssistance` (month of application).
 */

export type FundTier = Tier | 'subsidy' | 'oneTimeAssistance';

export interface FundRow {
  readonly region: string;
  /** YYYY-MM */
  readonly month: string;
  readonly tier: FundTier;
  /** null where the event names no category (one-time assistance). */
  readonly category: Category | null;
  /** Σ amounts as first settled or granted. */
  readonly settled: string;
  /** Σ reassessment corrections (next − previous) attributed to this key. */
  readonly reassessed: string;
  /** settled + reassessed. */
  readonly total: string;
  /** Settlements or grants counted here. */
  readonly count: number;
}

/** Where a claim's amounts are counted and how much; the projection remembers it to move it on reassessment. */
export interface ClaimShare {
  readonly claimId: string;
  readonly region: string;
  readonly month: string;
  readonly category: Category | null;
  readonly payouts: Payouts;
}

export interface FundChange {
  readonly region: string;
  readonly month: string;
  readonly tier: FundTier;
  readonly category: Category | null;
  readonly settled: string;
  readonly reassessed: string;
  readonly count: number;
}

interface EnrollmentMonth {
  readonly personId: string;
  readonly year: number;
  readonly month: string;
}

export const fundKey = (change: Pick<FundChange, 'region' | 'month' | 'tier' | 'category'>): string =>
  `${change.region}/${change.month}/${change.tier}/${change.category ?? '-'}`;

export const monthOf = (date: string): string => date.slice(0, 7);

export const shareOfSettlement = (data: ClaimSettled['data']): ClaimShare => ({
  claimId: data.claimId,
  region: data.policy.region,
  month: monthOf(data.referenceDate),
  category: data.appliedCategory,
  payouts: data.payouts,
});

/** A settlement adds each tier to its key. */
export const settlementChanges = (share: ClaimShare): FundChange[] =>
  TIERS.map((tier) => ({
    region: share.region,
    month: share.month,
    tier,
    category: share.category,
    settled: share.payouts[tier],
    reassessed: ZERO_AMOUNT,
    count: 1,
  }));

/** The claim's share after a reassessment: same region and month, the category and amounts now in force. */
export const shareAfterReassessment = (before: ClaimShare, data: ClaimReassessed['data']): ClaimShare => ({
  ...before,
  category: data.appliedCategory,
  payouts: data.next.payouts,
});

/** A reassessment takes the previous amounts out of the old key and puts the new ones in the new key. */
export const reassessmentChanges = (before: ClaimShare, after: ClaimShare): FundChange[] =>
  TIERS.flatMap((tier) => [
    { ...keyParts(before, tier), settled: ZERO_AMOUNT, reassessed: negate(before.payouts[tier]), count: 0 },
    { ...keyParts(after, tier), settled: ZERO_AMOUNT, reassessed: after.payouts[tier], count: 0 },
  ]);

export const subsidyChange = (data: EnrollmentSubsidyGranted['data'], enrollmentMonth: string | null): FundChange => ({
  region: data.policy.region,
  // Without an enrollment seen first (not possible in one person stream), January of the benefit year.
  month: enrollmentMonth ?? `${data.year}-01`,
  tier: 'subsidy',
  category: data.category,
  settled: data.amount,
  reassessed: ZERO_AMOUNT,
  count: 1,
});

export const oneTimeChange = (data: OneTimeAssistanceGranted['data']): FundChange => ({
  region: data.policy.region,
  month: monthOf(data.applicationDate),
  tier: 'oneTimeAssistance',
  category: null,
  settled: data.amount,
  reassessed: ZERO_AMOUNT,
  count: 1,
});

export const emptyFundRow = (change: FundChange): FundRow => ({
  region: change.region,
  month: change.month,
  tier: change.tier,
  category: change.category,
  settled: ZERO_AMOUNT,
  reassessed: ZERO_AMOUNT,
  total: ZERO_AMOUNT,
  count: 0,
});

/**
 * The row with the change added. A row is rewritten for every claim it counts (four per settlement, a
 * rebuild's most frequent write), so an amount of zero, which most tiers of most claims pay, is not
 * added, and the total moves by the change's own amounts rather than being summed again.
 */
export const applyFundChange = (row: FundRow, change: FundChange): FundRow => ({
  region: row.region,
  month: row.month,
  tier: row.tier,
  category: row.category,
  settled: plus(row.settled, change.settled),
  reassessed: plus(row.reassessed, change.reassessed),
  total: plus(plus(row.total, change.settled), change.reassessed),
  count: row.count + change.count,
});

const plus = (amount: string, change: string): string => (change === ZERO_AMOUNT ? amount : addAmounts(amount, change));

const keyParts = (share: ClaimShare, tier: Tier): Pick<FundChange, 'region' | 'month' | 'tier' | 'category'> => ({
  region: share.region,
  month: share.month,
  tier,
  category: share.category,
});

const negate = (amount: string): string => subtractAmounts(ZERO_AMOUNT, amount);

const TOTALS: TableDefinition<FundRow> = {
  name: 'totals',
  columns: { region: 'TEXT', month: 'TEXT', tier: 'TEXT', category: 'TEXT' },
  indexes: [['region', 'month'], ['month']],
  columnsOf: (row) => ({ region: row.region, month: row.month, tier: row.tier, category: row.category }),
};

const CLAIMS: TableDefinition<ClaimShare> = { name: 'claims', columns: {}, indexes: [], columnsOf: () => ({}) };

const ENROLLMENTS: TableDefinition<EnrollmentMonth> = { name: 'enrollments', columns: {}, indexes: [], columnsOf: () => ({}) };

/** The pure part of fund-totals: given what the projection remembers, the changes an event makes. */
export const changesOf = (
  event: ProjectedEvent,
  remembered: { readonly share: ClaimShare | undefined; readonly enrollmentMonth: string | null },
): { readonly changes: FundChange[]; readonly share: ClaimShare | null } => {
  switch (event.type) {
    case 'ClaimSettled': {
      const share = shareOfSettlement(event.data);
      return { changes: settlementChanges(share), share };
    }
    case 'ClaimReassessed': {
      assert(remembered.share !== undefined, `fund-totals: ClaimReassessed for ${event.data.claimId} before its settlement`);
      const share = shareAfterReassessment(remembered.share, event.data);
      return { changes: reassessmentChanges(remembered.share, share), share };
    }
    case 'EnrollmentSubsidyGranted':
      return { changes: [subsidyChange(event.data, remembered.enrollmentMonth)], share: null };
    case 'OneTimeAssistanceGranted':
      return { changes: [oneTimeChange(event.data)], share: null };
    default:
      return { changes: [], share: null };
  }
};

const applyFundTotals = (rows: RowStore, event: ProjectedEvent): void => {
  if (event.type === 'EnrollmentRegistered') {
    const { personId, year, enrolledOn } = event.data;
    rows.put(ENROLLMENTS, `${personId}/${year}`, { personId, year, month: monthOf(enrolledOn) });
    return;
  }
  // Only a reassessment moves a share it remembered; a settlement's claim has none yet, and looking
  // for it cost a read of the table per claim.
  const remembered = event.type === 'ClaimReassessed' ? rows.get(CLAIMS, event.data.claimId) : undefined;
  const enrollment = event.type === 'EnrollmentSubsidyGranted' ? rows.get(ENROLLMENTS, `${event.data.personId}/${event.data.year}`) : undefined;
  const { changes, share } = changesOf(event, {
    share: remembered,
    enrollmentMonth: enrollment ? enrollment.month : null,
  });
  if (share) rows.put(CLAIMS, share.claimId, share);
  for (const change of changes) {
    const key = fundKey(change);
    rows.put(TOTALS, key, applyFundChange(rows.get(TOTALS, key) ?? emptyFundRow(change), change));
  }
};

export const fundTotalsProjection: Projection = {
  name: 'fund-totals',
  version: 1,
  tables: [TOTALS, CLAIMS, ENROLLMENTS],
  apply: applyFundTotals,
};

export const FUND_TOTALS_TABLES = { totals: TOTALS, claims: CLAIMS, enrollments: ENROLLMENTS } as const;
