import type { ClaimReassessed, ClaimSettled, OneTimeAssistanceGranted } from '../domain/ledger.events';
import type { PolicyRef } from '../domain/policy/policy-pack';
import type { Payouts } from '../domain/policy/settlement.types';
import type { Category } from '../domain/vocabulary';
import { applyReducer, stampOf, type ProjectedEvent, type Projection, type RecordedStamp, type RowReducer, type TableDefinition } from './projection';

/**
 * claim-explanation: a claim as an inspector asks about it: the settlement with its step-by-step
 * trace, every reassessment with previous and next amounts, the per-tier delta and the correction
 * that caused it, the amounts in force now, and any one-time assistance that covered it.
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

const settled = (row: ClaimExplanationRow, event: Extract<ClaimEvent, ClaimSettled>): ClaimExplanationRow => {
  const { payouts, outOfPocket, appliedCategory, policy, year } = event.data;
  return { ...row, year, settlement: { ...event.data, stamp: stampOf(event) }, current: { payouts, outOfPocket, appliedCategory, policy } };
};

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
  return {
    ...row,
    year,
    reassessments: [...row.reassessments, entry],
    current: { payouts: next.payouts, outOfPocket: next.outOfPocket, appliedCategory, policy },
  };
};

const coveredByOneTime = (row: ClaimExplanationRow, event: OneTimeEvent): ClaimExplanationRow => {
  const { applicationDate, amount, claimsCovered, policy } = event.data;
  return { ...row, oneTimeAssistance: [...row.oneTimeAssistance, { applicationDate, amount, claimsCovered, policy, stamp: stampOf(event) }] };
};

const CLAIMS: TableDefinition<ClaimExplanationRow> = {
  name: 'claims',
  columns: { person_id: 'TEXT', year: 'INTEGER' },
  indexes: [['person_id', 'year']],
  columnsOf: (row) => ({ person_id: row.personId, year: row.year }),
};

export const explanationReducer: RowReducer<ClaimExplanationRow> = {
  table: CLAIMS,
  keysOf: (event) => {
    if (event.type === 'ClaimSettled' || event.type === 'ClaimReassessed') return [event.data.claimId];
    if (event.type === 'OneTimeAssistanceGranted') return event.data.claimsCovered;
    return [];
  },
  initial: (claimId, event) => emptyExplanation(claimId, 'personId' in event.data ? String(event.data.personId) : ''),
  apply: applyExplanation,
};

export const claimExplanationProjection: Projection = {
  name: 'claim-explanation',
  // 2: traces as message keys (ClaimSettled / ClaimReassessed v2), and the categories a reassessment held.
  version: 2,
  tables: [CLAIMS],
  apply: (rows, event) => applyReducer(rows, explanationReducer, event),
};

export const CLAIM_EXPLANATION_TABLES = { claims: CLAIMS } as const;
