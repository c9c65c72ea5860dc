import type { Database, Transaction } from 'better-sqlite3';
import {
  EventIdConflict,
  GENESIS_HASH,
  ReservationConflict,
  StreamTampered,
  WrongExpectedVersion,
  type AppendResult,
  type ExpectedRevision,
  type Reservation,
} from '../event-store.port';
import { checkExpectedRevision } from '../expected-revision';
import { GLOBAL_GENESIS, globalLink } from '../global-chain';
import { GroupCommitQueue, type Outcome } from '../../shared/group-commit';
import { reportGroupCommit } from '../write-path-probe';
import { chainHash, contentOf, linkEvents, type EncodedEvent } from '../hash-chain';
import { replayedAppend } from '../idempotency';
import { checkHeld } from '../reservations';
import type { SqliteDurability } from './sqlite-durability';
import { storedOfRow } from './sqlite-event-rows';
import type { RecordedReservations } from './sqlite-reservation-audit';
import { SQLITE_LIMITS, type SqliteStatements } from './sqlite-schema';

export interface AppendJob {
  readonly stream: string;
  readonly events: readonly EncodedEvent[];
  readonly expected: ExpectedRevision;
  readonly reservations: readonly Reservation[];
}

/** The last position and global hash, carried through one group transaction from append to append. */
interface Tail {
  position: bigint;
  globalHash: string;
}

/**
 * The write path of the embedded store: appends queue into a group commit, and each group is one
 * IMMEDIATE transaction that checks every append's expected revision and idempotency before writing,
 * answered once `SqliteDurability` has synced it.
 */
export class SqliteAppends {
  private readonly commits: GroupCommitQueue<AppendJob, AppendResult>;
  private readonly appendGroup: Transaction<(jobs: readonly AppendJob[]) => Outcome<AppendResult>[]>;

  constructor(
    db: Database,
    private readonly statements: SqliteStatements,
    private readonly durability: SqliteDurability,
    private readonly recorded: RecordedReservations,
    /** Told once a group in which at least one append succeeded is durable (live subscriptions poll then). */
    private readonly onAppended: () => void,
  ) {
    this.appendGroup = db.transaction((jobs: readonly AppendJob[]) => {
      const tail = this.readTail();
      return jobs.map((job) => this.tryAppend(job, tail));
    });
    this.commits = new GroupCommitQueue((jobs) => this.commitGroup(jobs), {
      maxJobsPerCommit: SQLITE_LIMITS.maxAppendsPerCommit,
      afterCommit: (outcomes) => this.afterCommit(outcomes),
      onGroup: reportGroupCommit,
    });
  }

  enqueue(job: AppendJob): Promise<AppendResult> {
    return this.commits.enqueue(job);
  }

  /** Commits every accepted append now (before the connection closes; its final sync answers them). */
  drain(): void {
    this.commits.drain();
  }

  /**
   * Commits a group of appends. Readers are held below what is already durable first (see
   * `ReadHorizon`); after a failed sync nothing more is committed.
   */
  private commitGroup(jobs: readonly AppendJob[]): Outcome<AppendResult>[] {
    const refusal = this.durability.refusal();
    if (refusal !== null) return jobs.map(() => ({ ok: false, error: refusal }));
    this.durability.beforeCommit(this.statements.headPosition.get()?.head ?? 0n);
    return this.commitJobs(jobs);
  }

  /**
   * One IMMEDIATE transaction (the write lock is taken up front, so the revision checks cannot race
   * another process). Each append is validated against the in-transaction state before it writes
   * anything, so a refused append (version or id conflict) leaves no partial rows and fails only its
   * own caller.
   */
  private commitJobs(jobs: readonly AppendJob[]): Outcome<AppendResult>[] {
    try {
      return this.appendGroup.immediate(jobs);
    } catch (error) {
      if (jobs.length === 1) return [{ ok: false, error }];
      // An unexpected failure (I/O, a constraint the checks should have prevented) rolled back the
      // whole group; commit each append alone so only the offending one fails.
      return jobs.map((job) => this.commitJobs([job])[0]!);
    }
  }

  /** The group's callers are answered once this resolves: its commit is on disk. */
  private async afterCommit(outcomes: readonly Outcome<AppendResult>[]): Promise<void> {
    await this.durability.afterCommit();
    if (outcomes.some((outcome) => outcome.ok)) this.onAppended();
  }

  private tryAppend(job: AppendJob, tail: Tail): Outcome<AppendResult> {
    try {
      return { ok: true, value: this.appendInTransaction(job, tail) };
    } catch (error) {
      if (isRefusal(error)) return { ok: false, error };
      throw error;
    }
  }

  /** Every check runs before the first write, so a refused append leaves nothing behind. */
  private appendInTransaction({ stream, events, expected, reservations }: AppendJob, tail: Tail): AppendResult {
    // Idempotency comes first: a retried command whose expectation is now stale is still a no-op.
    const replay = this.idempotentReplay(stream, events);
    if (replay) return replay;
    const head = this.statements.streamHead.get(stream);
    const current = head ? head.revision : null;
    checkExpectedRevision(stream, expected, current);
    if (events.length === 0) return { nextExpectedRevision: current ?? -1n, position: this.positionOf(stream, current) };
    this.assertHeadMatchesChain(stream, head);
    const toReserve = reservations.filter((reservation) => checkHeld(stream, reservation, this.heldReservation(reservation.key)));
    let revision = current ?? -1n;
    const linked = linkEvents(events, head ? head.last_hash : GENESIS_HASH);
    for (const event of linked) {
      revision += 1n;
      tail.position += 1n;
      tail.globalHash = globalLink(tail.globalHash, { position: tail.position, streamName: stream, revision, hash: event.hash });
      this.statements.insertEvent.run(
        tail.position, event.eventId, stream, revision, event.type, event.dataJson, event.metadataJson, event.prevHash, event.hash, tail.globalHash,
      );
    }
    this.statements.upsertStream.run(stream, revision, linked[linked.length - 1]!.hash);
    for (const { key, fingerprint } of toReserve) this.statements.insertReservation.run(key, stream, fingerprint);
    return { nextExpectedRevision: revision, position: tail.position };
  }

  /**
   * Who holds a key: the reservation row, unless the events record the id for another stream (or
   * with no row at all), in which case the first recorded event holds it. The row is outside every
   * chain: deleted or pointed at another stream, it would let the id be settled a second time.
   */
  private heldReservation(key: string): { stream: string; fingerprint: string } | undefined {
    const row = this.statements.reservation.get(key);
    const recorded = this.recorded.holder(key);
    if (recorded && recorded.stream !== row?.stream_name) return recorded;
    return row ? { stream: row.stream_name, fingerprint: row.fingerprint } : undefined;
  }

  /**
   * An append builds on the stream's last event: if that event no longer matches its own hash, or
   * the head row no longer names it, the stream was altered and nothing is appended on top.
   */
  private assertHeadMatchesChain(stream: string, head: { revision: bigint; last_hash: string } | undefined): void {
    if (!head) {
      if (this.statements.positionOfRevision.get(stream, 0n)) throw new StreamTampered(stream, 'events are stored but the head row is missing');
      return;
    }
    const last = this.statements.eventAtRevision.get(stream, head.revision);
    if (!last) throw new StreamTampered(stream, `the head names revision ${head.revision}, which is not stored`);
    if (last.hash !== head.last_hash) throw new StreamTampered(stream, `the head hash differs from revision ${head.revision}'s hash`);
    if (chainHash(last.prev_hash ?? '', contentOf(last.type, last.data, last.metadata)) !== last.hash) {
      throw new StreamTampered(stream, `revision ${head.revision} does not match its stored hash`);
    }
  }

  /**
   * Read inside the group's transaction: the last row's global hash, and the highest position ever
   * used (AUTOINCREMENT's high-water mark), so positions are never reused even after a deletion.
   */
  private readTail(): Tail {
    const last = this.statements.tail.get();
    const sequence = this.statements.sequence.get()?.seq ?? 0n;
    const position = last && last.position > sequence ? last.position : sequence;
    return { position, globalHash: last?.global_hash ?? GLOBAL_GENESIS };
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

const isRefusal = (error: unknown): boolean =>
  error instanceof WrongExpectedVersion || error instanceof EventIdConflict || error instanceof ReservationConflict || error instanceof StreamTampered;
