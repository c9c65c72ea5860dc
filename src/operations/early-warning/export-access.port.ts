import type { AccessEntry } from '../../access-log/sqlite-access-log';
import type { ExportRecord } from '../operations-journal';

/**
 * Where every early-warning export is recorded: who exported which region and period, how many rows,
 * whether personal identifiers were included, and the person ids. The operations journal implements
 * it today; the personal-data access log (issue 11 part B, `GET /audit/access`) is meant to implement
 * it too, so that exports and single reads show in one place.
 */
export interface ExportAccessLog {
  recordExport(record: RecordedExport): void | Promise<void>;
}

/**
 * An export as the logs record it. The journal keeps the actor (the principal and the role it acted
 * in, as events name it); the access log keeps the principal alone, as it names every single read, so
 * that `GET /audit/access?principal=…` finds a credential's exports beside its reads.
 */
export interface RecordedExport extends ExportRecord {
  /** The principal's id as the access log names it: `token:<id>`, `oidc:<sub>`, `cli:<user>`. */
  readonly principal: string;
}

export type { ExportRecord };

/** The route an export is read through, as the access log names routes. */
const EXPORT_ROUTE = 'GET /exports/early-warnings';

/**
 * Writes an export into the personal-data access log, one entry per person it lists, so that
 * `GET /audit/access?personId=…` shows the exports that carried a person beside the single reads.
 */
export const exportsInAccessLog = (log: { recordAll(entries: readonly AccessEntry[]): unknown }): ExportAccessLog => ({
  recordExport: (record) => {
    // One commit per group of entries rather than one fsync per person listed.
    log.recordAll(record.personIds.map((personId) => ({ principal: record.principal, personId, what: 'early-warning-export', route: EXPORT_ROUTE, at: record.exportedAt })));
  },
});

/** Records an export in every log given, in order. */
export const recordInAll = (...logs: readonly ExportAccessLog[]): ExportAccessLog => ({
  recordExport: async (record) => {
    for (const log of logs) await log.recordExport(record);
  },
});
