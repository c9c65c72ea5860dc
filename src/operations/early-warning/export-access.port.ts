import type { ExportRecord } from '../operations-journal';

/**
 * Where every early-warning export is recorded: who exported which region and period, how many rows,
 * whether personal identifiers were included, and the person ids. The operations journal implements
 * it today; the personal-data access log (issue 11 part B, `GET /audit/access`) is meant to implement
 * it too, so that exports and single reads show in one place.
 */
export interface ExportAccessLog {
  recordExport(record: ExportRecord): void | Promise<void>;
}

export type { ExportRecord };
