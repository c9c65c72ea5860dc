import type { HighCostAlertRaised, HighCostAlertWithdrawn } from '../domain/ledger.events';
import { applyReducer, stampOf, type ProjectedEvent, type Projection, type RecordedStamp, type RowReducer, type TableDefinition } from './projection';

/**
 * open-alerts: early-warning alerts (因病返贫致贫监测预警) per person-year and rule: raised minus
 * withdrawn. A row stays after withdrawal (open = false) with its history, because a later crossing
 * raises the same rule again and an inspector wants to see both.
 */

export interface AlertChangeEntry {
  readonly change: 'raised' | 'withdrawn';
  readonly threshold: string;
  readonly burden: string;
  readonly claimId: string;
  readonly stamp: RecordedStamp;
}

export interface AlertRow {
  readonly personId: string;
  readonly year: number;
  readonly rule: string;
  readonly ruleName: string;
  readonly open: boolean;
  /** Threshold and burden of the latest change. */
  readonly threshold: string;
  readonly burden: string;
  /** When the alert now open was raised; null while withdrawn. */
  readonly raisedAt: RecordedStamp | null;
  readonly history: readonly AlertChangeEntry[];
}

type AlertEvent = Extract<ProjectedEvent, HighCostAlertRaised | HighCostAlertWithdrawn>;

const isAlertEvent = (event: ProjectedEvent): event is AlertEvent =>
  event.type === 'HighCostAlertRaised' || event.type === 'HighCostAlertWithdrawn';

export const alertKey = (personId: string, year: number, rule: string): string => `${personId}/${year}/${rule}`;

export const emptyAlert = (personId: string, year: number, rule: string, ruleName: string): AlertRow => ({
  personId,
  year,
  rule,
  ruleName,
  open: false,
  threshold: '0.00',
  burden: '0.00',
  raisedAt: null,
  history: [],
});

export const applyAlert = (row: AlertRow, event: ProjectedEvent): AlertRow => {
  if (!isAlertEvent(event)) return row;
  const raised = event.type === 'HighCostAlertRaised';
  const { threshold, burden, claimId, ruleName } = event.data;
  const entry: AlertChangeEntry = { change: raised ? 'raised' : 'withdrawn', threshold, burden, claimId, stamp: stampOf(event) };
  return {
    ...row,
    ruleName,
    open: raised,
    threshold,
    burden,
    // A raise while already open cannot happen (the decider raises once); keeping the first stamp is the safe reading.
    raisedAt: raised ? (row.open && row.raisedAt ? row.raisedAt : entry.stamp) : null,
    history: [...row.history, entry],
  };
};

/**
 * The alert as the ledger said at a recorded moment: the changes recorded by then, replayed with the
 * rules of `applyAlert`; null when its first change was recorded later (the alert did not exist yet).
 */
export const alertAsAt = (row: AlertRow, asAt: string): AlertRow | null => {
  const cutoff = Date.parse(asAt);
  const history = row.history.filter((entry) => Date.parse(entry.stamp.recordedAt) <= cutoff);
  const last = history[history.length - 1];
  if (last === undefined) return null;
  const open = last.change === 'raised';
  // The stamp of the raise that opened the alert still open at the cutoff: the last raise of the kept history.
  const raisedAt = open ? [...history].reverse().find((entry) => entry.change === 'raised')!.stamp : null;
  return { ...row, open, threshold: last.threshold, burden: last.burden, raisedAt, history };
};

const ALERTS: TableDefinition<AlertRow> = {
  name: 'alerts',
  columns: { person_id: 'TEXT', year: 'INTEGER', open: 'INTEGER' },
  indexes: [['person_id', 'open', 'year']],
  columnsOf: (row) => ({ person_id: row.personId, year: row.year, open: row.open ? 1 : 0 }),
};

export const alertReducer: RowReducer<AlertRow> = {
  table: ALERTS,
  keysOf: (event) => (isAlertEvent(event) ? [alertKey(event.data.personId, event.data.year, event.data.rule)] : []),
  initial: (_key, event) =>
    isAlertEvent(event) ? emptyAlert(event.data.personId, event.data.year, event.data.rule, event.data.ruleName) : emptyAlert('', 0, '', ''),
  apply: applyAlert,
};

export const openAlertsProjection: Projection = {
  name: 'open-alerts',
  version: 1,
  tables: [ALERTS],
  apply: (rows, event) => applyReducer(rows, alertReducer, event),
};

export const OPEN_ALERTS_TABLES = { alerts: ALERTS } as const;
