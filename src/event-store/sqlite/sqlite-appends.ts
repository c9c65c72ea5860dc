import type { Database, Transaction } from 'better-sqlite3';
import { EventIdConflict, GENESIS_HASH, WrongExpectedVersion, type AppendResult, type ExpectedRevision } from '../event-store.port';
import { checkExpectedRevision } from '../expected-revision';
import { GroupCommitQueue, type Outcome } from '../group-commit';
import { linkEvents, type EncodedEvent } from '../hash-chain';
import { replayedAppend } from '../idempotency';
import { storedOfRow } from './sqlite-event-rows';
import { SQLITE_LIMITS, type SqliteStatements } from './sqlite-schema';

export interface AppendJob {
  readonly stream: string;
  readonly events: readonly EncodedEvent[];
  readonly expected: ExpectedRevision;
}

/**
 * The write path of the embedded store: appends queue into a group commit, and each group is one
 * IMMEDIATE transaction that checks every append's expected revision and idempotency before writing.
 */
export class SqliteAppends {
  private readonly commits: GroupCommitQueue<AppendJob, AppendResult>;
  private readonly appendGroup: Transaction<(jobs: readonly AppendJob[]) => Outcome<AppendResult>[]>;

  constructor(
    db: Database,
    private readonly statements: SqliteStatements,
    /** Told after a commit in which at least one append succeeded (live subscriptions poll then). */
    private readonly onAppended: () => void,
  ) {
    this.appendGroup = db.transaction((jobs: readonly AppendJob[]) => jobs.map((job) => this.tryAppend(job)));
    this.commits = new GroupCommitQueue((jobs) => this.commitGroup(jobs), SQLITE_LIMITS.maxAppendsPerCommit);
  }

  enqueue(job: AppendJob): Promise<AppendResult> {
    return this.commits.enqueue(job);
  }

  /** Commits every accepted append now (before the connection closes). */
  drain(): void {
    this.commits.drain();
  }

  /**
   * Commits a group of appends in one IMMEDIATE transaction (the write lock is taken up front, so
   * the revision checks cannot race another process). Each append is validated against the
   * in-transaction state before it writes anything, so a refused append (version or id conflict)
   * leaves no partial rows and fails only its own caller.
   */
  private commitGroup(jobs: readonly AppendJob[]): Outcome<AppendResult>[] {
    let outcomes: Outcome<AppendResult>[];
    try {
      outcomes = this.appendGroup.immediate(jobs);
    } catch (error) {
      if (jobs.length === 1) return [{ ok: false, error }];
      // An unexpected failure (I/O, a constraint the checks should have prevented) rolled back the
      // whole group; commit each append alone so only the offending one fails.
      return jobs.map((job) => this.commitGroup([job])[0]!);
    }
    this.notifyAppended(outcomes);
    return outcomes;
  }

  private notifyAppended(outcomes: readonly Outcome<AppendResult>[]): void {
    if (outcomes.some((outcome) => outcome.ok)) this.onAppended();
  }

  private tryAppend(job: AppendJob): Outcome<AppendResult> {
    try {
      return { ok: true, value: this.appendInTransaction(job) };
    } catch (error) {
      if (error instanceof WrongExpectedVersion || error instanceof EventIdConflict) return { ok: false, error };
      throw error;
    }
  }

  private appendInTransaction({ stream, events, expected }: AppendJob): AppendResult {
    // Idempotency comes first: a retried command whose expectation is now stale is still a no-op.
    const replay = this.idempotentReplay(stream, events);
    if (replay) return replay;
    const head = this.statements.streamHead.get(stream);
    const current = head ? head.revision : null;
    checkExpectedRevision(stream, expected, current);
    if (events.length === 0) return { nextExpectedRevision: current ?? -1n, position: this.positionOf(stream, current) };
    let revision = current ?? -1n;
    let position = 0n;
    const linked = linkEvents(events, head ? head.last_hash : GENESIS_HASH);
    for (const event of linked) {
      revision += 1n;
      const info = this.statements.insertEvent.run(
        event.eventId, stream, revision, event.type, event.dataJson, event.metadataJson, event.prevHash, event.hash,
      );
      position = BigInt(info.lastInsertRowid);
    }
    this.statements.upsertStream.run(stream, revision, linked[linked.length - 1]!.hash);
    return { nextExpectedRevision: revision, position };
  }

  private positionOf(stream: string, revision: bigint | null): bigint {
    return revision === null ? 0n : (this.statements.positionOfRevision.get(stream, revision)?.position ?? 0n);
  }

  /** Looks the batch's ids up in one query; see `replayedAppend` for the rule. */
  private idempotentReplay(stream: string, events: readonly EncodedEvent[]): AppendResult | null {
    if (events.length === 0) return null;
    // Most appends carry one event: a plain index lookup is much cheaper than expanding a JSON list.
    const rows =
      events.length === 1
        ? this.statements.eventById.all(events[0]!.eventId)
        : this.statements.eventsByIds.all(JSON.stringify(events.map((event) => event.eventId)));
    if (rows.length === 0) return null;
    return replayedAppend(stream, events, new Map(rows.map((row) => [row.event_id, storedOfRow(row)])));
  }
}
