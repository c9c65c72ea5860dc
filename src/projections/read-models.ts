import { TIERS } from '../domain/vocabulary';
import { addAmounts, ZERO_AMOUNT } from './amounts';
import type { ClaimReferenceRow } from './claim-explanation.projection';
import type { EventLocation } from './event-index.projection';
import type { FundRow, FundTier } from './fund-totals.projection';
import { timelineView, type PersonRow, type TimelineEntry, type TimelineView } from './identity-timeline.projection';
import { alertAsAt, type AlertRow } from './open-alerts.projection';
import { emptyUsage, usageAsAt, type UsageHistoryRow, type UsageRow } from './person-year-usage.projection';
import { instantKey } from './projection';
import { activeTable } from './projection-builds';
import { prepared, type ReadDatabase } from './read-database';
import { emptySubsidy, subsidyAsAt, type SubsidyRow } from './subsidy-status.projection';

/**
 * The audit queries, answered from the active build of each projection and never by replaying
 * streams. Each query runs in one read transaction, so it sees one consistent snapshot even while
 * the runner commits or a rebuild switches builds. Every list is bounded.
 */

/** Bounds on what one answer may hold; a person or a report beyond them is cut and says so. */
export const QUERY_LIMITS = {
  timelineEntries: 10_000,
  alerts: 1_000,
  enrollmentYears: 200,
  fundRows: 10_000,
  eventsPerCorrelation: 1_000,
  /** Changes (settlements and reassessments) of one person-year: far above any real year (a few hundred). */
  changesPerYear: 100_000,
} as const;

export interface UsageAnswer {
  /** The usage as the ledger knew it at `asAt` (now when absent). */
  readonly usage: UsageRow;
  readonly asAt: string | null;
}

export interface FundReport {
  readonly region: string | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly rows: readonly FundRow[];
  /** Σ total per tier over the rows. */
  readonly totals: Readonly<Record<FundTier, string>>;
  readonly truncated: boolean;
}

/** A person-year, as the region index lists it. */
export interface PersonYearKey {
  readonly personId: string;
  readonly year: number;
}

/** Where one request's events are, in global order (`CorrelatedEventRecords` reads them). */
export interface CorrelatedLocations {
  readonly locations: readonly EventLocation[];
  readonly truncated: boolean;
}

export class ReadModels {
  /**
   * Every read runs in one transaction, so its queries (the active build's table, then its rows) see
   * one snapshot. better-sqlite3 builds four wrapped functions for each `db.transaction(fn)`: made
   * per read, that was about a twentieth of an HTTP usage read's CPU, so the wrapper is made once.
   */
  private readonly inSnapshot: (query: () => unknown) => unknown;

  constructor(private readonly db: ReadDatabase) {
    this.inSnapshot = db.transaction((query: () => unknown) => query());
  }

  /**
   * `read()` in the same snapshot as the check that the person's registration is projected; null when
   * it is not, so an answer never mixes a registration check and a read made at two moments.
   */
  ofRegistered<T>(personId: string, read: () => T): { readonly value: T } | null {
    return this.read(() => (this.isRegistered(personId) ? { value: read() } : null));
  }

  /** True once the person's registration is projected: an existence check that reads no document. */
  isRegistered(personId: string): boolean {
    return this.read(() => {
      const physical = activeTable(this.db, 'identity-timeline', 'persons');
      return physical !== null && prepared(this.db, `SELECT 1 FROM "${physical}" WHERE key = ?`).get(personId) !== undefined;
    });
  }

  /** Null when the person is unknown to the ledger (no registration and no identity change). */
  timeline(personId: string, asOf: string | null, asAt: string | null): TimelineView | null {
    return this.read(() => {
      const entries = this.docs<TimelineEntry>('identity-timeline', 'entries', 'person_id = ? ORDER BY position', [personId], QUERY_LIMITS.timelineEntries);
      if (entries.length === 0 && !this.docByKey<PersonRow>('identity-timeline', 'persons', personId)) return null;
      return timelineView(personId, entries, asOf, asAt);
    });
  }

  /**
   * The person-year's usage now, or as at a recorded moment: its changes (in the store's order) up to
   * the last one recorded by then, folded, i.e. what an inspector would have seen at that moment.
   */
  usage(personId: string, year: number, asAt: string | null): UsageAnswer {
    const history = this.read(() => this.usageHistory(personId, year, asAt));
    return usageAnswer(personId, year, asAt, history);
  }

  /**
   * `usage`, or null when the person is not registered, in one snapshot. A person-year with changes
   * belongs to a registered person (a claim is decided only for one), so the registration is looked
   * up only for a person-year without any: one query a read instead of two.
   */
  usageOfRegistered(personId: string, year: number, asAt: string | null): UsageAnswer | null {
    return this.read(() => {
      const history = this.usageHistory(personId, year, asAt);
      return history.length > 0 || this.isRegistered(personId) ? usageAnswer(personId, year, asAt, history) : null;
    });
  }

  /** The enrollment and subsidy now, or as the ledger said at a recorded moment (`asAt`). */
  subsidy(personId: string, year: number, asAt: string | null = null): SubsidyRow {
    const row = this.read(() => this.docByKey<SubsidyRow>('subsidy-status', 'years', `${personId}/${year}`) ?? emptySubsidy(personId, year));
    return asAt === null ? row : subsidyAsAt(row, asAt);
  }

  /** Every enrollment of a person (one per benefit year), now or as at a recorded moment; years without one are left out. */
  enrollments(personId: string, asAt: string | null = null): SubsidyRow[] {
    const rows = this.read(() => this.docs<SubsidyRow>('subsidy-status', 'years', 'person_id = ? ORDER BY year', [personId], QUERY_LIMITS.enrollmentYears));
    return rows.map((row) => (asAt === null ? row : subsidyAsAt(row, asAt))).filter((row) => row.enrollment !== null);
  }

  /**
   * Alerts now, or as the ledger said at a recorded moment (`asAt`): an alert raised later is absent,
   * one withdrawn later is still open.
   */
  alerts(personId: string, status: 'open' | 'all', asAt: string | null = null): AlertRow[] {
    if (asAt === null) {
      const where = status === 'open' ? 'person_id = ? AND open = 1 ORDER BY year, key' : 'person_id = ? ORDER BY year, key';
      return this.read(() => this.docs<AlertRow>('open-alerts', 'alerts', where, [personId], QUERY_LIMITS.alerts));
    }
    const rows = this.read(() => this.docs<AlertRow>('open-alerts', 'alerts', 'person_id = ? ORDER BY year, key', [personId], QUERY_LIMITS.alerts));
    return rows.map((row) => alertAsAt(row, asAt)).filter((row): row is AlertRow => row !== null && (status === 'all' || row.open));
  }

  /** Where a settled claim's events are (`ClaimRecords` reads them); null for a claim the ledger has not settled. */
  claimReference(claimId: string): ClaimReferenceRow | null {
    return this.read(() => {
      const row = this.docByKey<ClaimReferenceRow>('claim-explanation', 'claims', claimId);
      return row && row.revisions.length > 0 ? row : null;
    });
  }

  funds(region: string | null, from: string | null, to: string | null): FundReport {
    const conditions: string[] = [];
    const parameters: Array<string | number> = [];
    if (region !== null) (conditions.push('region = ?'), parameters.push(region));
    if (from !== null) (conditions.push('month >= ?'), parameters.push(from));
    if (to !== null) (conditions.push('month <= ?'), parameters.push(to));
    const where = `${conditions.length > 0 ? conditions.join(' AND ') : '1 = 1'} ORDER BY region, month, tier, category`;
    const rows = this.read(() => this.docs<FundRow>('fund-totals', 'totals', where, parameters, QUERY_LIMITS.fundRows + 1));
    const kept = rows.slice(0, QUERY_LIMITS.fundRows);
    return { region, from, to, rows: kept, totals: totalsByTier(kept), truncated: rows.length > kept.length };
  }

  eventLocationsByCorrelation(correlationId: string): CorrelatedLocations {
    const limit = QUERY_LIMITS.eventsPerCorrelation;
    const rows = this.read(() => this.docs<EventLocation>('event-index', 'events', 'correlation_id = ? ORDER BY position', [correlationId], limit + 1));
    return { locations: rows.slice(0, limit), truncated: rows.length > limit };
  }

  /**
   * The person-years with a claim settled under `region` with a reference date in [from, to], from
   * the usage projection's claim rows (their covering index by region, person, year and reference
   * date): what a region-wide reassessment replays, found without scanning the log. Null before the
   * projection has a build. The caller makes sure the projection has caught up with the store (see
   * `PersonYearIndex`).
   */
  personYearsInRegion(region: string, from: string, to: string): PersonYearKey[] | null {
    return this.personYearsInRegionAfter(region, from, to, null, Number.MAX_SAFE_INTEGER);
  }

  /**
   * One page of `personYearsInRegion`: at most `limit` person-years after `after` in (person, year)
   * order, so a caller on the event loop can read a province's region in short steps.
   */
  personYearsInRegionAfter(region: string, from: string, to: string, after: PersonYearKey | null, limit: number): PersonYearKey[] | null {
    return this.read(() => {
      const physical = activeTable(this.db, 'person-year-usage', 'history');
      if (physical === null) return null;
      const sql =
        `SELECT DISTINCT person_id AS personId, year FROM "${physical}" ` +
        'WHERE region = ? AND (person_id, year) > (?, ?) AND reference_date >= ? AND reference_date <= ? ORDER BY person_id, year LIMIT ?';
      // '' sorts before every person id, so no `after` starts at the first person-year.
      return prepared(this.db, sql).all(region, after?.personId ?? '', after?.year ?? 0, from, to, limit) as PersonYearKey[];
    });
  }

  /**
   * The persons registered in `region` with an enrollment for `year`: the subsidy rows of the year
   * joined to the persons' registrations. Null before both projections have a build. The subsidy
   * table has no region column, so this reads the year's enrollment rows of every region (in SQLite,
   * without a document parsed in JavaScript); the caller makes sure the projections have caught up.
   * A row exists only once an enrollment is recorded (grants and declines follow it in the person's
   * stream), so the subsidy document is not read: at 20,000 persons that read was 80 of its 100 ms.
   */
  enrolledPersonsInRegion(region: string, year: number): string[] | null {
    return this.read(() => {
      const subsidies = activeTable(this.db, 'subsidy-status', 'years');
      const persons = activeTable(this.db, 'identity-timeline', 'persons');
      if (subsidies === null || persons === null) return null;
      const sql =
        `SELECT s.person_id AS personId FROM "${subsidies}" s JOIN "${persons}" p ON p.key = s.person_id ` +
        `WHERE s.year = ? AND json_extract(p.doc, '$.region') = ? ORDER BY s.person_id`;
      return (prepared(this.db, sql).all(year, region) as Array<{ personId: string }>).map((row) => row.personId);
    });
  }

  /**
   * The position every one of `projections` has projected in its active build (the lowest of their
   * checkpoints), or null when one of them has no active build: what an index read from another
   * connection than the runner's (a simulation thread) waits for.
   */
  projectedPosition(projections: readonly string[]): bigint | null {
    return this.read(() => {
      const sql =
        'SELECT COUNT(*) AS builds, MIN(c.position) AS position FROM active_versions a JOIN projection_checkpoints c ON c.name = a.name AND c.build = a.build ' +
        `WHERE a.name IN (${projections.map(() => '?').join(', ')})`;
      const row = prepared(this.db, sql, true).get(...projections) as { builds: bigint; position: bigint | null };
      return Number(row.builds) === projections.length && row.position !== null ? row.position : null;
    });
  }

  /** A read inside another one is part of its snapshot already, and needs no savepoint of its own. */
  private read<T>(query: () => T): T {
    return this.db.inTransaction ? query() : (this.inSnapshot(query) as T);
  }

  private docByKey<Row>(projection: string, table: string, key: string): Row | null {
    const [row] = this.docs<Row>(projection, table, 'key = ?', [key], 1);
    return row ?? null;
  }

  /** The person-year's changes in the store's order, up to the last one recorded by `asAt` when given. */
  private usageHistory(personId: string, year: number, asAt: string | null): UsageHistoryRow[] {
    const [where, parameters] =
      asAt === null
        ? ['person_id = ? AND year = ? ORDER BY position', [personId, year]]
        : [
            'person_id = ? AND year = ? AND position <= (SELECT MAX(position) FROM "{table}" WHERE person_id = ? AND year = ? AND recorded_at <= ?) ORDER BY position',
            [personId, year, personId, year, instantKey(asAt)],
          ];
    return this.docs<UsageHistoryRow>('person-year-usage', 'history', where, parameters, QUERY_LIMITS.changesPerYear);
  }

  /** Rows of the active build's table; none before the projection has any build. */
  private docs<Row>(projection: string, table: string, where: string, parameters: ReadonlyArray<string | number>, limit: number): Row[] {
    const physical = activeTable(this.db, projection, table);
    if (physical === null) return [];
    const sql = `SELECT doc FROM "${physical}" WHERE ${where.replaceAll('{table}', physical)} LIMIT ${Math.floor(limit)}`;
    const rows = prepared(this.db, sql).all(...parameters) as Array<{ doc: string }>;
    return rows.map(({ doc }) => JSON.parse(doc) as Row);
  }
}

const usageAnswer = (personId: string, year: number, asAt: string | null, history: readonly UsageHistoryRow[]): UsageAnswer => ({
  usage: history.length === 0 ? emptyUsage(personId, year) : usageAsAt(personId, year, history),
  asAt,
});

const FUND_TIERS: readonly FundTier[] = [...TIERS, 'subsidy', 'oneTimeAssistance'];

const totalsByTier = (rows: readonly FundRow[]): Record<FundTier, string> => {
  const totals = Object.fromEntries(FUND_TIERS.map((tier) => [tier, ZERO_AMOUNT])) as Record<FundTier, string>;
  for (const row of rows) totals[row.tier] = addAmounts(totals[row.tier], row.total);
  return totals;
};
