import type { ClaimReassessed, ClaimSettled, OneTimeAssistanceGranted } from '../domain/ledger.events';
import type { PolicyRef } from '../domain/policy/policy-pack';
import type { Payouts } from '../domain/policy/settlement.types';
import type { Category } from '../domain/vocabulary';
import { applyReducer, stampOf, type ProjectedEvent, type Projection, type RecordedStamp, type RowReducer, type TableDefinition } from './projection';

/**
 * claim-explanation: a claim as an inspector asks about it: the settlement with its step-by-step
 * trace, every reassessment with previous and next amounts, the per-tier delta and the correction
 * that caused it, the amounts in force now, and any one-time assistance that covered it. The table
 * keeps a reference row (`ClaimReferenceRow`); `ClaimRecords` folds the referenced events with
 * `applyExplanation` into the full `ClaimExplanationRow` on read.
 */

export interface ReassessmentEntry {
  readonly correctionId: string;
  readonly reason: string;
  readonly previous: ClaimReassessed['data']['previous'];
  readonly next: ClaimReassessed['data']['next'];
  readonly delta: Payouts;
  readonly recoveryDue: boolean;
  readonly appliedCategory: Category | null;
  /** Categories held on the reference date as the reassessment knew them (a retroactive recognition adds one). */
  readonly heldCategories: readonly Category[];
  readonly policy: PolicyRef;
  readonly accumulators: ClaimReassessed['data']['accumulators'];
  readonly trace: ClaimReassessed['data']['trace'];
  readonly stamp: RecordedStamp;
}

export interface OneTimeAssistanceEntry {
  readonly applicationDate: string;
  /** The grant's whole amount, over all the claims it covered. */
  readonly amount: string;
  readonly claimsCovered: readonly string[];
  readonly policy: PolicyRef;
  readonly stamp: RecordedStamp;
}

export interface ClaimExplanationRow {
  readonly claimId: string;
  readonly personId: string;
  readonly year: number | null;
  /** Null only if a reassessment were seen before its settlement, which the store's order rules out. */
  readonly settlement: (ClaimSettled['data'] & { readonly stamp: RecordedStamp }) | null;
  readonly reassessments: readonly ReassessmentEntry[];
  readonly current: {
    readonly payouts: Payouts;
    readonly outOfPocket: string;
    readonly appliedCategory: Category | null;
    readonly policy: PolicyRef;
  } | null;
  readonly oneTimeAssistance: readonly OneTimeAssistanceEntry[];
}

type ClaimEvent = Extract<ProjectedEvent, ClaimSettled | ClaimReassessed>;
type OneTimeEvent = Extract<ProjectedEvent, OneTimeAssistanceGranted>;

export const emptyExplanation = (claimId: string, personId: string): ClaimExplanationRow => ({
  claimId,
  personId,
  year: null,
  settlement: null,
  reassessments: [],
  current: null,
  oneTimeAssistance: [],
});

export const applyExplanation = (row: ClaimExplanationRow, event: ProjectedEvent): ClaimExplanationRow => {
  switch (event.type) {
    case 'ClaimSettled':
      return settled(row, event);
    case 'ClaimReassessed':
      return reassessed(row, event);
    case 'OneTimeAssistanceGranted':
      return coveredByOneTime(row, event);
    default:
      return row;
  }
};

/** The amounts in force after a claim event: the settlement's, or the latest reassessment's next ones. */
const currentAfter = (event: ClaimEvent): NonNullable<ClaimExplanationRow['current']> => {
  if (event.type === 'ClaimSettled') {
    const { payouts, outOfPocket, appliedCategory, policy } = event.data;
    return { payouts, outOfPocket, appliedCategory, policy };
  }
  const { next, appliedCategory, policy } = event.data;
  return { payouts: next.payouts, outOfPocket: next.outOfPocket, appliedCategory, policy };
};

/**
 * The claim as the ledger knew it at a recorded moment: its settlement, the reassessments and
 * one-time grants recorded by then, and the amounts in force after the last of them. Null when the
 * claim was not yet settled then. This is what an inspector sees answering "why was this claim paid
 * this amount" on a date before a correction.
 */
export const claimAsAt = (row: ClaimExplanationRow, asAt: string): ClaimExplanationRow | null => {
  const cutoff = Date.parse(asAt);
  const { settlement } = row;
  if (settlement === null || !recordedBy(settlement.stamp, cutoff)) return null;
  const reassessments = row.reassessments.filter((entry) => recordedBy(entry.stamp, cutoff));
  const last = reassessments[reassessments.length - 1];
  const current = last
    ? { payouts: last.next.payouts, outOfPocket: last.next.outOfPocket, appliedCategory: last.appliedCategory, policy: last.policy }
    : { payouts: settlement.payouts, outOfPocket: settlement.outOfPocket, appliedCategory: settlement.appliedCategory, policy: settlement.policy };
  return { ...row, reassessments, current, oneTimeAssistance: row.oneTimeAssistance.filter((entry) => recordedBy(entry.stamp, cutoff)) };
};

const recordedBy = (stamp: RecordedStamp, cutoff: number): boolean => Date.parse(stamp.recordedAt) <= cutoff;

const oneTimeEntry = (event: OneTimeEvent): OneTimeAssistanceEntry => {
  const { applicationDate, amount, claimsCovered, policy } = event.data;
  return { applicationDate, amount, claimsCovered, policy, stamp: stampOf(event) };
};

const settled = (row: ClaimExplanationRow, event: Extract<ClaimEvent, ClaimSettled>): ClaimExplanationRow => ({
  ...row,
  year: event.data.year,
  settlement: { ...event.data, stamp: stampOf(event) },
  current: currentAfter(event),
});

const reassessed = (row: ClaimExplanationRow, event: Extract<ClaimEvent, ClaimReassessed>): ClaimExplanationRow => {
  const { correctionId, reason, previous, next, delta, recoveryDue, appliedCategory, heldCategories, policy, accumulators, trace, year } = event.data;
  const entry: ReassessmentEntry = {
    correctionId,
    reason,
    previous,
    next,
    delta,
    recoveryDue,
    appliedCategory,
    heldCategories,
    policy,
    accumulators,
    trace,
    stamp: stampOf(event),
  };
  return { ...row, year, reassessments: [...row.reassessments, entry], current: currentAfter(event) };
};

const coveredByOneTime = (row: ClaimExplanationRow, event: OneTimeEvent): ClaimExplanationRow => ({
  ...row,
  oneTimeAssistance: [...row.oneTimeAssistance, oneTimeEntry(event)],
});

/**
 * What the read model stores for a claim: where its events are, not their contents. The settlement and
 * every reassessment stay in the store only (their claim, accumulators and trace are most of an event's
 * bytes), and `ClaimRecords` reads them back by stream revision when an inspector asks. Version 2 copied
 * them into the row, which made this table as large as the store's claim events.
 */
export interface ClaimReferenceRow {
  readonly claimId: string;
  readonly personId: string;
  readonly year: number | null;
  /** The benefit-year stream holding the claim's settlement and reassessments. */
  readonly stream: string | null;
  /** Stream revisions of the claim's `ClaimSettled` and each `ClaimReassessed`, in recorded order. */
  readonly revisions: readonly string[];
  readonly current: ClaimExplanationRow['current'];
  readonly oneTimeAssistance: readonly OneTimeAssistanceEntry[];
}

export const emptyReference = (claimId: string, personId: string): ClaimReferenceRow => ({
  claimId,
  personId,
  year: null,
  stream: null,
  revisions: [],
  current: null,
  oneTimeAssistance: [],
});

export const applyReference = (row: ClaimReferenceRow, event: ProjectedEvent): ClaimReferenceRow => {
  switch (event.type) {
    case 'ClaimSettled':
    case 'ClaimReassessed':
      return { ...row, year: event.data.year, stream: event.streamName, revisions: [...row.revisions, event.revision.toString()], current: currentAfter(event) };
    case 'OneTimeAssistanceGranted':
      return { ...row, oneTimeAssistance: [...row.oneTimeAssistance, oneTimeEntry(event)] };
    default:
      return row;
  }
};

const CLAIMS: TableDefinition<ClaimReferenceRow> = {
  name: 'claims',
  columns: { person_id: 'TEXT', year: 'INTEGER' },
  indexes: [['person_id', 'year']],
  columnsOf: (row) => ({ person_id: row.personId, year: row.year }),
};

export const claimReferenceReducer: RowReducer<ClaimReferenceRow> = {
  table: CLAIMS,
  keysOf: (event) => {
    if (event.type === 'ClaimSettled' || event.type === 'ClaimReassessed') return [event.data.claimId];
    if (event.type === 'OneTimeAssistanceGranted') return event.data.claimsCovered;
    return [];
  },
  initial: (claimId, event) => emptyReference(claimId, 'personId' in event.data ? String(event.data.personId) : ''),
  apply: applyReference,
};

export const claimExplanationProjection: Projection = {
  name: 'claim-explanation',
  // 2: traces as message keys (ClaimSettled / ClaimReassessed v2), and the categories a reassessment held.
  // 3: the row points at the claim's events (stream revisions) instead of copying them.
  version: 3,
  tables: [CLAIMS],
  apply: (rows, event) => applyReducer(rows, claimReferenceReducer, event),
};

export const CLAIM_EXPLANATION_TABLES = { claims: CLAIMS } as const;
