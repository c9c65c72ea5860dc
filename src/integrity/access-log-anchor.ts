import { verifyAccessLogFile, type AccessLogCheck } from '../access-log/access-log-verification';
import { accessLogHeadOf, type Checkpoint } from './checkpoint';
import type { IntegrityFinding } from './integrity-verifier';

/** A head a valid signature vouches for, with the checkpoint that carried it (for the report). */
interface VouchedHead {
  readonly sequence: number;
  readonly hash: string;
  readonly signedAt: string;
}

/**
 * The access log against its own chain and against the heads the signed checkpoints carry (format
 * v2; a v1 checkpoint vouches for nothing about the log). The chain alone finds an entry edited or
 * removed from the middle; a signed head also finds the entries removed from the end (the log holds
 * fewer than a checkpoint vouched for, or none: the file is gone), and a log rewritten up to a signed
 * entry (that entry no longer has the signed hash). `checkpoints` must be those whose signature holds.
 * Answers the entries walked, or null when there is no log file.
 */
export const checkAccessLog = (file: string | null, checkpoints: readonly Checkpoint[], findings: IntegrityFinding[]): number | null => {
  if (file === null) return null;
  const heads = vouchedHeads(checkpoints);
  const check = verifyAccessLogFile(file, heads.map((head) => head.sequence));
  if (check?.brokenAt != null) {
    const brokenAt = check.brokenAt;
    findings.push(finding('access-log-broken', `access log entry ${brokenAt} does not match its hash, or does not follow entry ${brokenAt - 1}: an entry was edited or removed`));
  }
  const newest = heads[heads.length - 1];
  const lastSequence = check?.lastSequence ?? 0;
  if (newest !== undefined && newest.sequence > lastSequence) {
    const end = check === null ? 'the access log file is gone' : lastSequence === 0 ? 'the log now holds no entry' : `the log now ends at entry ${lastSequence}`;
    findings.push(finding('access-log-truncated', `a checkpoint signed at ${newest.signedAt} vouches for ${newest.sequence} entries of the access log, but ${end}: entries at the end were deleted`));
  }
  const rewritten = check === null ? undefined : heads.find((head) => head.sequence <= lastSequence && check.hashesAt.get(head.sequence) !== head.hash);
  if (rewritten !== undefined) findings.push(finding('access-log-broken', rewrittenDetail(rewritten, check!)));
  return check?.entriesChecked ?? null;
};

/** Distinct heads by sequence, ascending, leaving out the empty log's (it vouches for nothing). */
const vouchedHeads = (checkpoints: readonly Checkpoint[]): VouchedHead[] => {
  const bySequence = new Map<string, VouchedHead>();
  for (const checkpoint of checkpoints) {
    const head = accessLogHeadOf(checkpoint);
    if (head !== null && head.sequence > 0) bySequence.set(`${head.sequence}/${head.hash}`, { ...head, signedAt: checkpoint.signedAt });
  }
  return [...bySequence.values()].sort((left, right) => left.sequence - right.sequence);
};

const rewrittenDetail = (head: VouchedHead, check: AccessLogCheck): string =>
  check.hashesAt.has(head.sequence)
    ? `access log entry ${head.sequence} no longer has the hash signed at ${head.signedAt}: the log was rewritten up to it (entries edited and the chain recomputed, or removed and others appended)`
    : `access log entry ${head.sequence}, vouched for by the checkpoint signed at ${head.signedAt}, is gone`;

const finding = (problem: 'access-log-broken' | 'access-log-truncated', detail: string): IntegrityFinding => ({ problem, streamName: null, revision: null, position: null, detail });
