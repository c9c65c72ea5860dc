/**
 * The hash-chain verification report: what a store's `verifyStream`/`verifyAll` returns, and its JSON
 * form for the HTTP API and the CLI. A shared leaf, so the store, the API and the CLI agree on it
 * without importing one another.
 */
export interface ChainBreak {
  readonly streamName: string;
  readonly revision: bigint;
  readonly position: bigint | null;
  readonly eventId: string | null;
  readonly problem: 'altered' | 'removed' | 'reordered' | 'broken-link';
  readonly detail: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly streamsChecked: number;
  readonly eventsChecked: number;
  /** The first broken link of each stream that has one. */
  readonly breaks: readonly ChainBreak[];
}

/** The store's report as JSON can carry it: revisions and positions are bigints, sent as decimal strings. */
export interface VerifyReportJson {
  readonly ok: boolean;
  readonly streamsChecked: number;
  readonly eventsChecked: number;
  readonly breaks: ReadonlyArray<{
    readonly streamName: string;
    readonly revision: string;
    readonly position: string | null;
    readonly eventId: string | null;
    readonly problem: string;
    readonly detail: string;
  }>;
}

export const verifyReportJson = (report: VerifyReport): VerifyReportJson => ({
  ok: report.ok,
  streamsChecked: report.streamsChecked,
  eventsChecked: report.eventsChecked,
  breaks: report.breaks.map((found) => ({
    streamName: found.streamName,
    revision: found.revision.toString(),
    position: found.position === null ? null : found.position.toString(),
    eventId: found.eventId,
    problem: found.problem,
    detail: found.detail,
  })),
});
