import type { HighCostAlertRaised, HighCostAlertWithdrawn } from '../../domain/ledger.events';
import { floorAtZero, formatYuan, parseYuan, sumYuan, ZERO, type Yuan } from '../../domain/money';
import type { ClaimKind, IsoDate } from '../../domain/vocabulary';
import type { EventStore, RecordedEvent } from '../../event-store/event-store.port';
import { pagesOfAll } from '../../event-store/paging';
import { pagesInTurns } from '../../shared/loop-turns';
import type { PersonalDataStore } from '../../personal-data/personal-data.port';
import { loadBenefitYear, loadPerson } from '../ledger-reads';
import type { ExportAccessLog } from './export-access.port';
import { knownRegion } from '../../ledger/ledger-context';
import { PolicyCatalog } from '../../ledger/policy-catalog';

/**
 * The early-warning list the 医保 bureau pushes to civil affairs and rural revitalization (seeds:
 * "预警信息中应包括监测对象基本信息和个人负担医疗费用构成"): every alert raised or withdrawn in a
 * period, in a region, with the person-year's burden as it stood at that alert, by claim kind,
 * total (Σ out of pocket) and policy-scope (Σ policy-scope cost − payouts). Names and 身份证号 come
 * from the personal-data store and only for a caller allowed to see them; every export is recorded.
 */
export const CLAIM_KIND_ORDER: readonly ClaimKind[] = ['INPATIENT', 'OUTPATIENT_CHRONIC', 'HIGH_VALUE_DRUG'];
const SCAN_PAGE_EVENTS = 2000;
/** Alerts in one export; a larger period is split by the caller. */
export const EXPORT_ROWS_MAX = 50_000;

export interface Burden {
  readonly total: string;
  readonly policyScope: string;
}

export interface EarlyWarningRow {
  readonly change: 'raised' | 'withdrawn';
  readonly recordedAt: string;
  readonly region: string;
  readonly personId: string;
  /** Present only when the caller may see personal identifiers (and the store has them). */
  readonly name?: string | null;
  readonly nationalId?: string | null;
  readonly year: number;
  readonly rule: string;
  readonly ruleName: string;
  readonly threshold: string;
  readonly burden: string;
  readonly byKind: Readonly<Record<ClaimKind, Burden>>;
  readonly sum: Burden;
}

export interface EarlyWarningQuery {
  readonly region: string;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly withPersonalData: boolean;
  /** The principal and its role, as the operations journal records it (`token:<id>#inspector`). */
  readonly actor: string;
  /** The principal alone, as the access log names every reader (`token:<id>`). */
  readonly principal: string;
  readonly format: 'xlsx' | 'csv';
}

export interface EarlyWarningExportDependencies {
  readonly store: EventStore;
  readonly personalData: PersonalDataStore | null;
  readonly accessLog: ExportAccessLog;
  readonly now?: () => Date;
}

type AlertEvent = RecordedEvent<'HighCostAlertRaised' | 'HighCostAlertWithdrawn', (HighCostAlertRaised | HighCostAlertWithdrawn)['data']>;

export class EarlyWarningExport {
  /** The published regions, read from the store when a region is first not found in it. */
  private readonly catalog: PolicyCatalog;

  constructor(private readonly deps: EarlyWarningExportDependencies) {
    this.catalog = new PolicyCatalog(deps.store);
  }

  /** The rows of the export, in the store's order; the export is recorded before they are returned. */
  async rows(query: EarlyWarningQuery): Promise<EarlyWarningRow[]> {
    // A region no revision was published for is a typo; an empty file would read as "no alerts".
    await knownRegion({ catalog: this.catalog }, query.region);
    const regions = new Map<string, string | null>();
    const rows: EarlyWarningRow[] = [];
    for await (const event of this.alertsIn(query.from, query.to)) {
      const { personId } = event.data;
      if (!regions.has(personId)) regions.set(personId, (await loadPerson(this.deps.store, personId)).registration?.region ?? null);
      if (regions.get(personId) !== query.region) continue;
      if (rows.length >= EXPORT_ROWS_MAX) throw new RangeError(`more than ${EXPORT_ROWS_MAX} alerts in the period: export a shorter period`);
      rows.push(await this.row(event, query));
    }
    await this.deps.accessLog.recordExport({
      kind: 'early-warnings',
      actor: query.actor,
      principal: query.principal,
      region: query.region,
      from: query.from,
      to: query.to,
      format: query.format,
      rows: rows.length,
      withPersonalData: query.withPersonalData && this.deps.personalData !== null,
      personIds: [...new Set(rows.map((row) => row.personId))],
      exportedAt: (this.deps.now?.() ?? new Date()).toISOString(),
    });
    return rows;
  }

  private async *alertsIn(from: IsoDate, to: IsoDate): AsyncGenerator<AlertEvent> {
    const filter = { eventTypes: ['HighCostAlertRaised', 'HighCostAlertWithdrawn'] };
    for await (const page of pagesInTurns(pagesOfAll(this.deps.store, { after: 0n, pageSize: SCAN_PAGE_EVENTS, filter }))) {
      for (const event of page) {
        const day = event.metadata.recordedAt.slice(0, 10);
        if (day >= from && day <= to) yield event as AlertEvent;
      }
    }
  }

  private async row(event: AlertEvent, query: EarlyWarningQuery): Promise<EarlyWarningRow> {
    const { data } = event;
    const year = await loadBenefitYear(this.deps.store, data.personId, data.year, event.revision);
    const byKind = Object.fromEntries(CLAIM_KIND_ORDER.map((kind) => [kind, { total: ZERO, policyScope: ZERO }])) as Record<ClaimKind, { total: Yuan; policyScope: Yuan }>;
    for (const claim of year.claims) {
      const paid = sumYuan(Object.values(claim.payouts).map((amount) => parseYuan(amount)));
      const bucket = byKind[claim.claim.kind];
      bucket.total = bucket.total.plus(parseYuan(claim.outOfPocket));
      // Policy-scope burden of a claim is never below zero (the tiers may pay 乙类先行自付 beyond P).
      bucket.policyScope = bucket.policyScope.plus(floorAtZero(parseYuan(claim.policyScope).minus(paid)));
    }
    const text = (burden: { total: Yuan; policyScope: Yuan }): Burden => ({ total: formatYuan(burden.total), policyScope: formatYuan(burden.policyScope) });
    const sum = CLAIM_KIND_ORDER.reduce((acc, kind) => ({ total: acc.total.plus(byKind[kind].total), policyScope: acc.policyScope.plus(byKind[kind].policyScope) }), { total: ZERO, policyScope: ZERO });
    const identifiers = query.withPersonalData ? await this.identifiers(data.personId) : {};
    return {
      change: event.type === 'HighCostAlertRaised' ? 'raised' : 'withdrawn',
      recordedAt: event.metadata.recordedAt,
      region: query.region,
      personId: data.personId,
      ...identifiers,
      year: data.year,
      rule: data.rule,
      ruleName: data.ruleName,
      threshold: data.threshold,
      burden: data.burden,
      byKind: Object.fromEntries(CLAIM_KIND_ORDER.map((kind) => [kind, text(byKind[kind])])) as Record<ClaimKind, Burden>,
      sum: text(sum),
    };
  }

  private async identifiers(personId: string): Promise<{ name: string | null; nationalId: string | null }> {
    const data = this.deps.personalData ? await this.deps.personalData.read(personId) : null;
    return { name: data?.name ?? null, nationalId: data?.nationalId ?? null };
  }
}
