import type { EnrollmentRegistered, EnrollmentSubsidyDeclined, EnrollmentSubsidyGranted } from '../domain/ledger.events';
import type { PolicyRef } from '../domain/policy/policy-pack';
import type { Category, Scheme } from '../domain/vocabulary';
import { addAmounts } from './amounts';
import { applyReducer, stampOf, type ProjectedEvent, type Projection, type RecordedStamp, type RowReducer, type TableDefinition } from './projection';

/**
 * subsidy-status: per person-year, the enrollment (scheme, contribution, date, revision) and the
 * enrollment subsidy: granted (with every grant, a mid-year top-up being a second one), declined
 * with the reason, or not decided yet.
 */

export type SubsidyRule = EnrollmentSubsidyGranted['data']['rule'];

export interface SubsidyGrant {
  readonly category: Category;
  readonly rule: SubsidyRule;
  readonly amount: string;
  readonly previouslyGranted: string;
  readonly policy: PolicyRef;
  readonly stamp: RecordedStamp;
}

export interface SubsidyRow {
  readonly personId: string;
  readonly year: number;
  readonly enrollment: {
    readonly scheme: Scheme;
    readonly contribution: string;
    readonly enrolledOn: string;
    readonly policy: PolicyRef | null;
    readonly stamp: RecordedStamp;
  } | null;
  readonly status: 'granted' | 'declined' | 'not-decided';
  /** Σ of the grants: the subsidy of the year. */
  readonly amount: string;
  /** Category and rule of the latest grant (the one in force after a top-up). */
  readonly category: Category | null;
  readonly rule: SubsidyRule | null;
  readonly grants: readonly SubsidyGrant[];
  readonly declined: SubsidyDecline | null;
  /** Every decline in recorded order, even one a later grant superseded, so `subsidyAsAt` can answer for any moment. */
  readonly declines: readonly SubsidyDecline[];
}

export interface SubsidyDecline {
  readonly reason: string;
  readonly policy: PolicyRef | null;
  readonly stamp: RecordedStamp;
}

type SubsidyEvent = Extract<ProjectedEvent, EnrollmentRegistered | EnrollmentSubsidyGranted | EnrollmentSubsidyDeclined>;

const isSubsidyEvent = (event: ProjectedEvent): event is SubsidyEvent =>
  event.type === 'EnrollmentRegistered' || event.type === 'EnrollmentSubsidyGranted' || event.type === 'EnrollmentSubsidyDeclined';

export const subsidyKey = (personId: string, year: number): string => `${personId}/${year}`;

export const emptySubsidy = (personId: string, year: number): SubsidyRow => ({
  personId,
  year,
  enrollment: null,
  status: 'not-decided',
  amount: '0.00',
  category: null,
  rule: null,
  grants: [],
  declined: null,
  declines: [],
});

export const applySubsidy = (row: SubsidyRow, event: ProjectedEvent): SubsidyRow => {
  switch (event.type) {
    case 'EnrollmentRegistered': {
      const { scheme, contribution, enrolledOn, policy } = event.data;
      return { ...row, enrollment: { scheme, contribution, enrolledOn, policy, stamp: stampOf(event) } };
    }
    case 'EnrollmentSubsidyGranted': {
      const { category, rule, amount, previouslyGranted, policy } = event.data;
      const grant: SubsidyGrant = { category, rule, amount, previouslyGranted, policy, stamp: stampOf(event) };
      // A grant after a decline (a later, better category with midYearTopUp) supersedes the decline.
      return { ...row, status: 'granted', amount: addAmounts(row.amount, amount), category, rule, grants: [...row.grants, grant], declined: null };
    }
    case 'EnrollmentSubsidyDeclined': {
      const declined = { reason: event.data.reason, policy: event.data.policy, stamp: stampOf(event) };
      const declines = [...(row.declines ?? []), declined];
      // Revocation never claws a subsidy back, so a decline recorded after a grant does not undo it.
      return row.status === 'granted' ? { ...row, declines } : { ...row, status: 'declined', declined, declines };
    }
    default:
      return row;
  }
};

const recordedBy = (stamp: RecordedStamp, cutoff: number): boolean => Date.parse(stamp.recordedAt) <= cutoff;

/**
 * The person-year's enrollment and subsidy as the ledger said at a recorded moment, before any later
 * change (a grant recorded afterwards, a retroactive recognition that led to a top-up): the same rules
 * as `applySubsidy`, applied to what had been recorded by then. Pure, from the row alone.
 */
export const subsidyAsAt = (row: SubsidyRow, asAt: string): SubsidyRow => {
  const cutoff = Date.parse(asAt);
  const enrollment = row.enrollment && recordedBy(row.enrollment.stamp, cutoff) ? row.enrollment : null;
  const grants = row.grants.filter((grant) => recordedBy(grant.stamp, cutoff));
  const declines = (row.declines ?? []).filter((decline) => recordedBy(decline.stamp, cutoff));
  const latest = grants[grants.length - 1] ?? null;
  const lastDecline = declines[declines.length - 1] ?? null;
  return {
    ...row,
    enrollment,
    status: latest ? 'granted' : lastDecline ? 'declined' : 'not-decided',
    amount: grants.reduce((total, grant) => addAmounts(total, grant.amount), '0.00'),
    category: latest?.category ?? null,
    rule: latest?.rule ?? null,
    grants,
    declined: latest ? null : lastDecline,
    declines,
  };
};

const YEARS: TableDefinition<SubsidyRow> = {
  name: 'years',
  columns: { person_id: 'TEXT', year: 'INTEGER' },
  indexes: [['person_id', 'year']],
  columnsOf: (row) => ({ person_id: row.personId, year: row.year }),
};

export const subsidyReducer: RowReducer<SubsidyRow> = {
  table: YEARS,
  keysOf: (event) => (isSubsidyEvent(event) ? [subsidyKey(event.data.personId, event.data.year)] : []),
  initial: (_key, event) => (isSubsidyEvent(event) ? emptySubsidy(event.data.personId, event.data.year) : emptySubsidy('', 0)),
  apply: applySubsidy,
};

export const subsidyStatusProjection: Projection = {
  name: 'subsidy-status',
  // 2: rows keep every decline, for answers as at a moment.
  version: 2,
  tables: [YEARS],
  apply: (rows, event) => applyReducer(rows, subsidyReducer, event),
};

export const SUBSIDY_STATUS_TABLES = { years: YEARS } as const;
