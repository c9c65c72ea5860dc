import type { VerifyReport } from '../../event-store/event-store.port';

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
