import type { ChainBreak } from '../event-store/event-store.port';
import type { IntegrityFinding, IntegrityReport } from './integrity-verifier';

/** One line per problem found: which kind of forgery, and where. */
export const describeFindings = (report: Pick<IntegrityReport, 'breaks' | 'findings'>): string[] => [
  ...report.findings.map(findingLine),
  ...report.breaks.map(breakLine),
];

const where = (streamName: string | null, revision: bigint | null, position: bigint | null): string => {
  const parts = [streamName ?? 'the global order', revision === null ? '' : ` revision ${revision}`, position === null ? '' : ` (position ${position})`];
  return parts.join('');
};

const findingLine = (found: IntegrityFinding): string => `${where(found.streamName, found.revision, found.position)}: ${found.problem}: ${found.detail}`;
const breakLine = (found: ChainBreak): string => `${where(found.streamName, found.revision, found.position)}: ${found.problem}: ${found.detail}`;

/** The report as JSON carries it: bigints as decimal strings. */
export interface IntegrityReportJson {
  readonly ok: boolean;
  readonly streamsChecked: number;
  readonly eventsChecked: number;
  readonly globalEventsChecked: number;
  readonly checkpointsChecked: number;
  readonly headPosition: string;
  readonly headGlobalHash: string;
  readonly accessLogEntriesChecked: number | null;
  readonly lastVerifiedCheckpoint: { readonly position: string; readonly globalHash: string; readonly signedAt: string } | null;
  readonly breaks: ReadonlyArray<Record<'streamName' | 'revision' | 'problem' | 'detail', string> & { position: string | null; eventId: string | null }>;
  readonly findings: ReadonlyArray<{ problem: string; streamName: string | null; revision: string | null; position: string | null; detail: string }>;
}

const text = (value: bigint | null): string | null => (value === null ? null : value.toString());

export const integrityReportJson = (report: IntegrityReport): IntegrityReportJson => ({
  ok: report.ok,
  streamsChecked: report.streamsChecked,
  eventsChecked: report.eventsChecked,
  globalEventsChecked: report.globalEventsChecked,
  checkpointsChecked: report.checkpointsChecked,
  headPosition: report.headPosition.toString(),
  headGlobalHash: report.headGlobalHash,
  accessLogEntriesChecked: report.accessLogEntriesChecked,
  lastVerifiedCheckpoint: report.lastVerifiedCheckpoint
    ? { position: report.lastVerifiedCheckpoint.position, globalHash: report.lastVerifiedCheckpoint.globalHash, signedAt: report.lastVerifiedCheckpoint.signedAt }
    : null,
  breaks: report.breaks.map((found) => ({
    streamName: found.streamName,
    revision: found.revision.toString(),
    position: text(found.position),
    eventId: found.eventId,
    problem: found.problem,
    detail: found.detail,
  })),
  findings: report.findings.map((found) => ({
    problem: found.problem,
    streamName: found.streamName,
    revision: text(found.revision),
    position: text(found.position),
    detail: found.detail,
  })),
});
