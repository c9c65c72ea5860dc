import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3, { type Database, type Transaction } from 'better-sqlite3';
import {
  EventIdConflict,
  GENESIS_HASH,
  WrongExpectedVersion,
  type AppendResult,
  type EventFilter,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  type VerifyReport,
} from '../event-store.port';
import { assertValidExpected, checkExpectedRevision } from '../expected-revision';
import { GroupCommitQueue, type Outcome } from '../group-commit';
import {
  StreamChainVerifier,
  VerifyReportBuilder,
  contentOf,
  encodeEvent,
  linkEvents,
  type ChainEntry,
  type EncodedEvent,
} from '../hash-chain';
import { assertDistinctIds, replayedAppend, type StoredForReplay } from '../idempotency';
import { MAX_INT64, assertAppendSize, assertValidRevision, assertValidStreamName, boundedCount, nonEmpty } from '../read-options';
import { PollingSubscription, type SubscriptionPage } from '../polling-subscription';
import { SqliteStatements, SCHEMA_SQL, type EventRow, type ReadAllParams, type ReadAllVariant } from './sqlite-schema';

export const SQLITE_FILE_NAME = 'events.sqlite';

/** Bounds that keep one call from holding the single writer or the event loop for long. */
export const SQLITE_LIMITS = {
  maxAppendsPerCommit: 512,
  subscriptionPageSize: 256,
  verifyPageSize: 1_000,
  verifyStreamsPageSize: 256,
} as const;

export interface SqliteEventStoreOptions {
  /** How often a live subscription re-reads the table, so appends by other processes are seen. */
  readonly pollIntervalMs?: number;
}

interface AppendJob {
  readonly stream: string;
  readonly events: readonly EncodedEvent[];
  readonly expected: ExpectedRevision;
}

/**
 * The embedded event store: one SQLite file in WAL mode with `synchronous=FULL`, so an append
 * that has been answered survives a crash. Appends go through a group commit; reads are
 * synchronous better-sqlite3 calls wrapped in promises to honour the port.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database;
  private readonly statements: SqliteStatements;
  private readonly commits: GroupCommitQueue<AppendJob, AppendResult>;
  private readonly appendGroup: Transaction<(jobs: readonly AppendJob[]) => Outcome<AppendResult>[]>;
  private readonly appendListeners = new Set<() => void>();
  private readonly subscriptions = new Set<PollingSubscription>();
  private readonly pollIntervalMs: number;
  private closed = false;

  constructor(readonly dataDir: string, options: SqliteEventStoreOptions = {}) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new BetterSqlite3(join(dataDir, SQLITE_FILE_NAME));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.defaultSafeIntegers(true);
    this.db.exec(SCHEMA_SQL);
    this.statements = new SqliteStatements(this.db);
    this.appendGroup = this.db.transaction((jobs: readonly AppendJob[]) => jobs.map((job) => this.tryAppend(job)));
    this.commits = new GroupCommitQueue((jobs) => this.commitGroup(jobs), SQLITE_LIMITS.maxAppendsPerCommit);
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
  }

  /** The raw connection, for tests that tamper with rows or inspect pragmas. Never use it in production code. */
  unsafeDatabaseForTests(): Database {
    return this.db;
  }

  async appendToStream(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    assertValidStreamName(stream);
    assertValidExpected(expected);
    assertAppendSize(events.length);
    const encoded = events.map(encodeEvent);
    assertDistinctIds(stream, encoded);
    return this.commits.enqueue({ stream, events: encoded, expected });
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = boundedCount(options.maxCount);
    const backwards = options.direction === 'backwards';
    const from = startRevision(options.from ?? (backwards ? 'end' : 'start'));
    const statement = backwards ? this.statements.readBackwards : this.statements.readForwards;
    return statement.all(stream, from, limit).map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.readAllBetween(options.afterPosition ?? 0n, MAX_INT64, boundedCount(options.maxCount), options.filter).map(toRecordedEvent);
  }

  async streamExists(stream: string): Promise<boolean> {
    this.assertOpen();
    return this.statements.streamHead.get(stream) !== undefined;
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const filter = options.filter;
    const subscription: PollingSubscription = new PollingSubscription({
      afterPosition: options.afterPosition ?? 0n,
      fetchPage: (after) => this.subscriptionPage(after, filter),
      onAppended: (listener) => {
        this.appendListeners.add(listener);
        return () => this.appendListeners.delete(listener);
      },
      pollIntervalMs: this.pollIntervalMs,
      onStopped: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return this.currentHead();
  }

  async verifyStream(stream: string): Promise<VerifyReport> {
    this.assertOpen();
    const report = new VerifyReportBuilder();
    report.add(this.verifyOneStream(stream));
    return report.build();
  }

  async verifyAll(): Promise<VerifyReport> {
    this.assertOpen();
    const report = new VerifyReportBuilder();
    await this.verifyStreamsWithEvents(report);
    await this.verifyStreamsWithoutEvents(report);
    return report.build();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Appends already accepted are committed before the connection goes away.
    this.commits.drain();
    this.closed = true;
    const open = [...this.subscriptions];
    await Promise.all(open.map((subscription) => subscription.stop()));
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('SqliteEventStore is closed');
  }

  private currentHead(): bigint {
    return this.statements.headPosition.get()?.head ?? 0n;
  }

  // ---- appends -------------------------------------------------------------------------------

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
    if (!outcomes.some((outcome) => outcome.ok)) return;
    for (const listener of [...this.appendListeners]) listener();
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

  // ---- reads ---------------------------------------------------------------------------------

  private readAllBetween(after: bigint, upTo: bigint, limit: number, filter: EventFilter | undefined): EventRow[] {
    const types = nonEmpty(filter?.eventTypes);
    const prefixes = nonEmpty(filter?.streamPrefixes);
    const variant: ReadAllVariant = types ? (prefixes ? 'typesAndPrefixes' : 'types') : prefixes ? 'prefixes' : 'all';
    const params: ReadAllParams = {
      after,
      upTo,
      limit,
      ...(types ? { types: JSON.stringify(types) } : {}),
      ...(prefixes ? { prefixes: JSON.stringify(prefixes) } : {}),
    };
    return this.statements.readAll[variant].all(params);
  }

  /**
   * A subscription page. The head is read before the rows, and rows are bounded by it: everything
   * at or below a committed head is visible, so moving `nextAfter` to the head after a short
   * filtered page skips only rows that were scanned and filtered out, never unseen ones.
   */
  private subscriptionPage(after: bigint, filter: EventFilter | undefined): SubscriptionPage {
    if (this.closed) return { events: [], nextAfter: after };
    const head = this.currentHead();
    if (head <= after) return { events: [], nextAfter: after };
    const pageSize = SQLITE_LIMITS.subscriptionPageSize;
    const rows = this.readAllBetween(after, head, pageSize, filter);
    const nextAfter = rows.length < pageSize ? head : rows[rows.length - 1]!.position;
    return { events: rows.map(toRecordedEvent), nextAfter };
  }

  // ---- verification --------------------------------------------------------------------------

  private verifyOneStream(stream: string): StreamChainVerifier {
    const verifier = new StreamChainVerifier(stream);
    const pageSize = SQLITE_LIMITS.verifyPageSize;
    const maxPages = Number(this.statements.streamEventCount.get(stream)!.count) / pageSize + 1;
    let after = -1n;
    for (let page = 0; page < maxPages && !verifier.done; page += 1) {
      const rows = this.statements.chainPage.all(stream, after, pageSize);
      for (const row of rows) verifier.feed(chainEntryOfRow(row));
      if (rows.length < pageSize) break;
      after = rows[rows.length - 1]!.revision;
    }
    const head = this.statements.streamHead.get(stream);
    verifier.finish(head ? { revision: head.revision, hash: head.last_hash } : null);
    return verifier;
  }

  private async verifyStreamsWithEvents(report: VerifyReportBuilder): Promise<void> {
    const pageSize = SQLITE_LIMITS.verifyStreamsPageSize;
    // Every stream listed here has at least one event, so the event count bounds the pages.
    const maxPages = Number(this.statements.eventCount.get()!.count) / pageSize + 1;
    let after = '';
    for (let page = 0; page < maxPages; page += 1) {
      const names = this.statements.streamNamesPage.all(after, pageSize);
      for (const { stream_name } of names) report.add(this.verifyOneStream(stream_name));
      if (names.length < pageSize) return;
      after = names[names.length - 1]!.stream_name;
      await yieldToEventLoop();
    }
  }

  /** Streams the `streams` table knows but whose every event row is gone: all of them were removed. */
  private async verifyStreamsWithoutEvents(report: VerifyReportBuilder): Promise<void> {
    const pageSize = SQLITE_LIMITS.verifyStreamsPageSize;
    const maxPages = Number(this.statements.streamCount.get()!.count) / pageSize + 1;
    let after = '';
    for (let page = 0; page < maxPages; page += 1) {
      const heads = this.statements.emptyStreamsPage.all(after, pageSize);
      for (const head of heads) {
        const verifier = new StreamChainVerifier(head.stream_name);
        verifier.finish({ revision: head.revision, hash: head.last_hash });
        report.add(verifier);
      }
      if (heads.length < pageSize) return;
      after = heads[heads.length - 1]!.stream_name;
      await yieldToEventLoop();
    }
  }
}

const storedOfRow = (row: EventRow): StoredForReplay => ({
  streamName: row.stream_name,
  revision: row.revision,
  position: row.position,
  type: row.type,
  dataJson: row.data,
  metadataJson: row.metadata,
});

const toRecordedEvent = (row: EventRow): RecordedEvent => ({
  type: row.type,
  data: JSON.parse(row.data) as unknown,
  metadata: { ...(JSON.parse(row.metadata) as RecordedEvent['metadata']), prevHash: row.prev_hash ?? '', hash: row.hash ?? '' },
  streamName: row.stream_name,
  revision: row.revision,
  position: row.position,
});

/** The stored texts are the canonical encodings written at append time, so the content is rebuilt without parsing. */
const chainEntryOfRow = (row: EventRow): ChainEntry => ({
  streamName: row.stream_name,
  revision: row.revision,
  position: row.position,
  eventId: row.event_id,
  prevHash: row.prev_hash ?? '',
  hash: row.hash ?? '',
  content: contentOf(row.type, row.data, row.metadata),
});

const startRevision = (from: bigint | 'start' | 'end'): bigint => {
  assertValidRevision(from);
  if (from === 'start') return 0n;
  // Forwards from the end reads nothing (as on EventStoreDB); backwards from the end reads from the last event.
  if (from === 'end') return MAX_INT64;
  return from;
};

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
