import type { IdentityRecognized, IdentityRevoked, IdentitySource, PersonRegistered } from '../domain/ledger.events';
import { categoriesOn, intervalsOf, type IdentityChange, type ValidityInterval } from '../domain/person/identity-timeline';
import type { Category, IsoDate, Scheme } from '../domain/vocabulary';
import { applyReducer, instantKey, paddedPosition, stampOf, type ProjectedEvent, type Projection, type RecordedStamp, type RowReducer, type TableDefinition } from './projection';

/**
 * identity-timeline: every recognition and revocation of a person with its effective dates and the
 * moment it was recorded. The two time axes are kept apart so both questions can be answered, also
 * after retroactive changes:
 *   - asOf (effective date): which categories were valid on that day;
 *   - asAt (recorded moment): using only what the ledger had recorded by then.
 * The fold over effective dates is the domain's own (`intervalsOf`), so the answer is the one the
 * deciders use.
 */

export interface PersonRow {
  readonly personId: string;
  readonly region: string;
  readonly scheme: Scheme;
  readonly stamp: RecordedStamp;
}

export interface TimelineEntry {
  readonly personId: string;
  readonly change: 'recognized' | 'revoked';
  readonly category: Category;
  /** Recognitions only: first valid day. */
  readonly validFrom: IsoDate | null;
  /** Recognition: last valid day or null while open; revocation: the last day it stays valid. */
  readonly validTo: IsoDate | null;
  readonly reason: string | null;
  readonly source: IdentitySource;
  readonly recordedOn: IsoDate;
  /** The change reaches back before the day it was recorded. */
  readonly retroactive: boolean;
  readonly stamp: RecordedStamp;
}

type IdentityEvent = Extract<ProjectedEvent, IdentityRecognized | IdentityRevoked>;

const isIdentityEvent = (event: ProjectedEvent): event is IdentityEvent =>
  event.type === 'IdentityRecognized' || event.type === 'IdentityRevoked';

export const timelineEntryOf = (event: IdentityEvent): TimelineEntry => {
  const common = { personId: event.data.personId, category: event.data.category, source: event.data.source, recordedOn: event.data.recordedOn, stamp: stampOf(event) };
  if (event.type === 'IdentityRecognized') {
    const { validFrom, validTo, recordedOn } = event.data;
    return { ...common, change: 'recognized', validFrom, validTo, reason: null, retroactive: validFrom < recordedOn };
  }
  const { validTo, reason, recordedOn } = event.data;
  return { ...common, change: 'revoked', validFrom: null, validTo, reason, retroactive: validTo < recordedOn };
};

export interface TimelineView {
  readonly personId: string;
  readonly asOf: IsoDate | null;
  readonly asAt: string | null;
  /** Every change recorded by `asAt` (all when absent), in recorded order. */
  readonly entries: readonly TimelineEntry[];
  /** The validity intervals those changes add up to. */
  readonly intervals: readonly ValidityInterval[];
  /** Categories valid on `asOf` as known at `asAt`; null when no asOf was asked. */
  readonly heldOn: readonly Category[] | null;
}

/**
 * The bitemporal answer, pure: keep the changes recorded by `asAt` (entries must come in position
 * order), fold them over effective time, and read the day `asOf`. Timestamps compare as instants.
 */
export const timelineView = (personId: string, entries: readonly TimelineEntry[], asOf: IsoDate | null, asAt: string | null): TimelineView => {
  const cutoff = asAt === null ? null : Date.parse(asAt);
  const known = cutoff === null ? entries : entries.filter((entry) => Date.parse(entry.stamp.recordedAt) <= cutoff);
  const changes = known.map(identityChangeOf);
  return {
    personId,
    asOf,
    asAt,
    entries: known,
    intervals: intervalsOf(changes),
    heldOn: asOf === null ? null : categoriesOn(changes, asOf),
  };
};

const identityChangeOf = (entry: TimelineEntry): IdentityChange =>
  entry.change === 'recognized'
    ? { change: 'recognized', personId: entry.personId, category: entry.category, validFrom: entry.validFrom ?? '', validTo: entry.validTo, source: entry.source, recordedOn: entry.recordedOn }
    : { change: 'revoked', personId: entry.personId, category: entry.category, validTo: entry.validTo ?? '', reason: entry.reason ?? '', source: entry.source, recordedOn: entry.recordedOn };

const PERSONS: TableDefinition<PersonRow> = {
  name: 'persons',
  columns: {},
  indexes: [],
  columnsOf: () => ({}),
};

const ENTRIES: TableDefinition<TimelineEntry> = {
  name: 'entries',
  columns: { person_id: 'TEXT', position: 'INTEGER', recorded_at: 'TEXT' },
  indexes: [['person_id', 'position']],
  columnsOf: (row) => ({ person_id: row.personId, position: BigInt(row.stamp.position), recorded_at: instantKey(row.stamp.recordedAt) }),
};

export const personReducer: RowReducer<PersonRow> = {
  table: PERSONS,
  keysOf: (event) => (event.type === 'PersonRegistered' ? [event.data.personId] : []),
  initial: (key, event) => ({ personId: key, region: '', scheme: 'RESIDENT', stamp: stampOf(event) }),
  apply: (row, event) => (event.type === 'PersonRegistered' ? personRowOf(event) : row),
};

const personRowOf = (event: Extract<ProjectedEvent, PersonRegistered>): PersonRow => ({
  personId: event.data.personId,
  region: event.data.region,
  scheme: event.data.scheme,
  stamp: stampOf(event),
});

/** Entries are append-only: one row per change, keyed by person and position. */
export const entryReducer: RowReducer<TimelineEntry | null> = {
  table: ENTRIES as TableDefinition<TimelineEntry | null>,
  keysOf: (event) => (isIdentityEvent(event) ? [`${event.data.personId}/${paddedPosition(event.position)}`] : []),
  initial: () => null,
  apply: (row, event) => (isIdentityEvent(event) ? timelineEntryOf(event) : row),
};

export const identityTimelineProjection: Projection = {
  name: 'identity-timeline',
  version: 1,
  tables: [PERSONS, ENTRIES],
  apply: (rows, event) => {
    applyReducer(rows, personReducer, event);
    applyReducer(rows, entryReducer, event);
  },
};

export const IDENTITY_TIMELINE_TABLES = { persons: PERSONS, entries: ENTRIES } as const;
