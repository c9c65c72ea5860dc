import { isGlobalChainSource, type EventStore, type GlobalChainEntry, type GlobalChainSource, type ReservationSource, type VerifyReport } from '../event-store/event-store.port';
import { GLOBAL_GENESIS, globalLink } from '../event-store/global-chain';
import { CLAIM_RESERVATION_SOURCE } from '../ledger/claim-id-reused';
import { checkAccessLog } from './access-log-anchor';
import { innermostStore } from './guarded-event-store';
import { CHECKPOINT_STREAM, checkpointSignatureValid, parseCheckpoint, type Checkpoint } from './checkpoint';
import { signedResumePoint, type VerifiedAnchor } from './signed-anchor';
import type { PublicKey } from './signing-key';


/**
 * The whole verification: every stream's chain (the port's `verifyAll`), the global chain over the
 * store's global order, every signed checkpoint (its signature, and that its position is still there
 * with the same global hash), and the storage itself where the adapter can check it. Each finding
 * says which kind of forgery it shows and where.
 */

export type IntegrityProblem =
  | 'recomputed-chain'
  | 'deleted-events'
  | 'deleted-tail'
  | 'bad-signature'
  | 'unreadable'
  | 'missing-reservation'
  | 'reused-id'
  | 'access-log-broken'
  | 'access-log-truncated';

/**
 * Findings that leave the store fit to write to: an id settled in two streams is history a store
 * may carry from before claim ids were reserved (refusing every write would lock such a store out),
 * and the access log is another file. Every other finding is a forgery of the event store itself.
 */
const NOT_STOPPING_WRITES: ReadonlySet<IntegrityProblem> = new Set(['reused-id', 'access-log-broken', 'access-log-truncated']);

/** True for a finding after which nothing may be written or signed (see `NOT_STOPPING_WRITES`). */
export const stopsWrites = (problem: IntegrityProblem): boolean => !NOT_STOPPING_WRITES.has(problem);

export interface IntegrityFinding {
  readonly problem: IntegrityProblem;
  readonly streamName: string | null;
  readonly revision: bigint | null;
  readonly position: bigint | null;
  readonly detail: string;
}

export interface IntegrityReport extends VerifyReport {
  readonly globalEventsChecked: number;
  readonly checkpointsChecked: number;
  /** The last checkpoint whose position and hash were found intact (a start point for the next incremental run). */
  readonly lastVerifiedCheckpoint: Checkpoint | null;
  readonly headPosition: bigint;
  readonly headGlobalHash: string;
  /** Entries of the access log whose chain was walked; null when it was not (start-up, or no log file). */
  readonly accessLogEntriesChecked: number | null;
  readonly findings: readonly IntegrityFinding[];
}

export interface IntegrityOptions {
  readonly publicKey: PublicKey;
  /** Checkpoints kept outside the store (a consumer's copy, the service's witness file). */
  readonly witnesses?: ReadonlyArray<Checkpoint | null>;
  /**
   * Resume the global walk at the newest signed checkpoint the store still matches (see
   * `signedResumePoint`) instead of walking from the start: start-up verification on large stores.
   */
  readonly incremental?: boolean;
  /** Ids reserved once ever (default: claim ids) whose reservations are checked against the events. */
  readonly reservationSources?: readonly ReservationSource[];
  /**
   * The access log's file, whose hash chain is walked too, and compared with the heads the signed
   * checkpoints vouch for (the full verifications; start-up leaves it).
   */
  readonly accessLogFile?: string | null;
  /** Told how far the walk has come, for progress in the log. */
  readonly progress?: (position: bigint, eventsChecked: number) => void;
}

const PAGE_SIZE = 2_000;
/** Reported per kind and source: enough to act on, and a bound on a report about a wholesale deletion. */
const MAX_RESERVATION_FINDINGS = 100;
/** 2^24 pages of 2,000: far beyond any store this service runs; a bound, not a budget. */
const MAX_PAGES = 1 << 24;

export const verifyIntegrity = async (store: EventStore, options: IntegrityOptions): Promise<IntegrityReport> => {
  const stored = innermostStore(store);
  const source = isGlobalChainSource(stored) ? stored : null;
  const findings: IntegrityFinding[] = [];
  if (source) {
    for (const found of await source.storageProblems()) findings.push({ ...found, streamName: null, revision: null, position: null });
    if (findings.some((found) => found.problem === 'unreadable')) return unreadableReport(findings);
    await checkReservations(source, options, findings);
  }
  const streams = await store.verifyAll();
  const checkpoints = await collectCheckpoints(stored, options.witnesses ?? [], options.publicKey, findings);
  const anchor = options.incremental === true && source ? await signedResumePoint(source, checkpoints) : null;
  const walk = new GlobalWalk(anchor, checkpoints, source?.contiguousPositions ?? false, findings);
  const pages = source ? (after: bigint) => source.globalChainPage(after, PAGE_SIZE) : (after: bigint) => portPage(store, after);
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const entries = await pages(walk.position);
    for (const entry of entries) walk.feed(entry);
    options.progress?.(walk.position, walk.checked);
    if (entries.length < PAGE_SIZE) break;
  }
  walk.finish();
  const accessLog = checkAccessLog(options.accessLogFile ?? null, checkpoints, findings);
  return {
    ...streams,
    ok: streams.ok && findings.length === 0,
    globalEventsChecked: walk.checked,
    checkpointsChecked: checkpoints.length,
    lastVerifiedCheckpoint: walk.lastIntact,
    headPosition: walk.position,
    headGlobalHash: walk.globalHash,
    accessLogEntriesChecked: accessLog,
    findings,
  };
};

/**
 * Reservations against the events, in SQL over the store. Start-up looks only for a recorded id whose
 * reservation row is gone (the row's deletion is what would let the id be paid again); the full
 * verification also reports ids recorded in more than one stream, which includes double payments a
 * store recorded before it kept reservations: an auditor must see them, but they are no reason to
 * refuse every write at start.
 */
const checkReservations = async (source: GlobalChainSource, options: IntegrityOptions, findings: IntegrityFinding[]): Promise<void> => {
  const sources = options.reservationSources ?? [CLAIM_RESERVATION_SOURCE];
  const problems = await source.reservationProblems(sources, { limit: MAX_RESERVATION_FINDINGS, reservedOnly: options.incremental === true });
  findings.push(...problems);
};

/** The global chain over the port (EventStoreDB keeps no stored links): recomputed, compared with checkpoints only. */
const portPage = async (store: EventStore, after: bigint): Promise<GlobalChainEntry[]> =>
  (await store.readAll({ afterPosition: after, maxCount: PAGE_SIZE })).map((event) => ({
    position: event.position,
    streamName: event.streamName,
    revision: event.revision,
    eventId: event.metadata.eventId,
    type: event.type,
    hash: event.metadata.hash,
    storedGlobalHash: null,
  }));

const unreadableReport = (findings: IntegrityFinding[]): IntegrityReport => ({
  ok: false,
  streamsChecked: 0,
  eventsChecked: 0,
  breaks: [],
  globalEventsChecked: 0,
  checkpointsChecked: 0,
  lastVerifiedCheckpoint: null,
  headPosition: 0n,
  headGlobalHash: GLOBAL_GENESIS,
  accessLogEntriesChecked: null,
  findings,
});

/** Checkpoints from the store's checkpoint stream and the witnesses, de-duplicated, signatures checked, by position. */
const collectCheckpoints = async (
  store: EventStore,
  witnesses: ReadonlyArray<Checkpoint | null>,
  key: PublicKey,
  findings: IntegrityFinding[],
): Promise<Checkpoint[]> => {
  const recorded = (await store.readStream(CHECKPOINT_STREAM, { maxCount: 100_000 })).map((event) => parseCheckpoint(event.data));
  const unique = new Map<string, Checkpoint>();
  for (const checkpoint of [...recorded, ...witnesses]) {
    if (checkpoint === null) {
      findings.push({ problem: 'bad-signature', streamName: CHECKPOINT_STREAM, revision: null, position: null, detail: 'a checkpoint record is malformed' });
      continue;
    }
    if (!checkpointSignatureValid(key, checkpoint)) {
      findings.push({
        problem: 'bad-signature',
        streamName: CHECKPOINT_STREAM,
        revision: null,
        position: BigInt(checkpoint.position),
        detail: `the checkpoint at position ${checkpoint.position} is not signed by key ${key.keyId} (signed by ${checkpoint.keyId}, or altered)`,
      });
      continue;
    }
    unique.set(`${checkpoint.position}/${checkpoint.globalHash}`, checkpoint);
  }
  return [...unique.values()].sort((left, right) => (BigInt(left.position) < BigInt(right.position) ? -1 : 1));
};

/** Walks the global order once, recomputing links and meeting each checkpoint at its position. */
class GlobalWalk {
  position: bigint;
  globalHash: string;
  checked = 0;
  lastIntact: Checkpoint | null = null;
  private next = 0;

  constructor(
    anchor: VerifiedAnchor | null,
    private readonly checkpoints: readonly Checkpoint[],
    private readonly contiguous: boolean,
    private readonly findings: IntegrityFinding[],
  ) {
    this.position = anchor?.position ?? 0n;
    this.globalHash = anchor?.globalHash ?? GLOBAL_GENESIS;
    // The anchor is the newest signed checkpoint, matched against the store before the walk. The
    // older ones lie inside the range it vouches for; only a full walk re-checks them link by link.
    while (this.next < checkpoints.length && BigInt(checkpoints[this.next]!.position) <= this.position) this.lastIntact = checkpoints[this.next++]!;
  }

  feed(entry: GlobalChainEntry): void {
    this.passCheckpointsBefore(entry.position);
    const computed = globalLink(this.globalHash, entry);
    const storedDiffers = entry.storedGlobalHash !== null && entry.storedGlobalHash !== computed;
    if (this.contiguous && entry.position !== this.position + 1n) {
      this.report('deleted-events', entry, `positions ${this.position + 1n} to ${entry.position - 1n} are missing before ${entry.streamName} revision ${entry.revision}: events (or a whole stream) were deleted`);
    } else if (storedDiffers) {
      this.report('recomputed-chain', entry, 'the event hash differs from the one the global chain committed to when it was appended: the event was changed and its stream chain recomputed');
    }
    // Resynchronised on the stored link, so one tampering is reported once; the signed checkpoints
    // still catch a stored column rewritten to match (it then equals the recomputed value).
    this.globalHash = storedDiffers ? entry.storedGlobalHash! : computed;
    this.position = entry.position;
    this.checked += 1;
    const checkpoint = this.checkpoints[this.next];
    if (checkpoint && BigInt(checkpoint.position) === entry.position) {
      this.next += 1;
      if (checkpoint.globalHash === this.globalHash) this.lastIntact = checkpoint;
      else this.report('recomputed-chain', entry, `the global hash at position ${entry.position} differs from the one signed at ${checkpoint.signedAt}: an event at or before it was changed, removed or moved`);
    }
  }

  finish(): void {
    for (; this.next < this.checkpoints.length; this.next += 1) {
      const checkpoint = this.checkpoints[this.next]!;
      this.findings.push({
        problem: 'deleted-tail',
        streamName: null,
        revision: null,
        position: BigInt(checkpoint.position),
        detail: `a checkpoint signed at ${checkpoint.signedAt} covers position ${checkpoint.position}, but the store ends at position ${this.position}: events at the end were deleted`,
      });
    }
  }

  private passCheckpointsBefore(position: bigint): void {
    for (; this.next < this.checkpoints.length && BigInt(this.checkpoints[this.next]!.position) < position; this.next += 1) {
      const checkpoint = this.checkpoints[this.next]!;
      this.findings.push({
        problem: 'deleted-events',
        streamName: null,
        revision: null,
        position: BigInt(checkpoint.position),
        detail: `the event at checkpointed position ${checkpoint.position} is gone`,
      });
    }
  }

  private report(problem: IntegrityProblem, entry: GlobalChainEntry, detail: string): void {
    this.findings.push({ problem, streamName: entry.streamName, revision: entry.revision, position: entry.position, detail });
  }
}
