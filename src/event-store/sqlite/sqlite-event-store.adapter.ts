import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import {
  type AppendOptions,
  type AppendResult,
  type GlobalChainEntry,
  type GlobalChainSource,
  type ReservationProblem,
  type ReservationSource,
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
import { assertValidExpected } from '../expected-revision';
import { VerifyReportBuilder, encodeEvent } from '../hash-chain';
import { assertDistinctIds } from '../idempotency';
import { MAX_INT64, assertAppendSize, assertValidStreamName, boundedCount, nonEmpty, storablePosition } from '../read-options';
import { PollingSubscription, type SubscriptionPage } from '../polling-subscription';
import { assertValidReservations } from '../reservations';
import { SqliteAppends } from './sqlite-appends';
import { SqliteDurability } from './sqlite-durability';
import { checkpointOnThread, type CheckpointerStatus, type WalCheckpointer, type WalCheckpoints } from '../../shared/wal-checkpointer';
import {
  backfillReservations,
  fillMissingGlobalHashes,
  globalChainPage,
  migrateGlobalHashColumn,
  storageProblems,
  type StorageProblem,
} from './sqlite-global-chain';
import { createReservationIndexes, RecordedReservations, reservationProblems } from './sqlite-reservation-audit';
import { verifyOneStream, verifyStreamsWithEvents, verifyStreamsWithoutEvents } from './sqlite-chain-verification';
import { startRevision, toRecordedEvent } from './sqlite-event-rows';
import { SqliteStatements, SCHEMA_SQL, SQLITE_LIMITS, type ReadAllParams, type ReadAllVariant, type RecordedRow } from './sqlite-schema';

export { SQLITE_LIMITS } from './sqlite-schema';

export const SQLITE_FILE_NAME = 'events.sqlite';

export interface SqliteEventStoreOptions {
  /** How often a live subscription re-reads the table, so appends by other processes are seen. */
  readonly pollIntervalMs?: number;
  /** Opens an existing store read-only (verification in a worker thread beside the writer); appends then fail. */
  readonly readonly?: boolean;
  /** Reservations to fill in from events recorded before the store kept them (once, when the table is new). */
  readonly reservationSources?: readonly ReservationSource[];
  /**
   * Where WAL checkpoints run: `inline` in the commit that crosses SQLite's threshold (its default;
   * short-lived stores, tests), or `thread` on a checkpoint thread beside the writer (the service).
   */
  readonly checkpoints?: WalCheckpoints;
  /**
   * For a read-only connection beside the writer (the projection thread): the writer's `readHorizon`,
   * so it is never shown a commit still on its way to the disk.
   */
  readonly readHorizon?: SharedArrayBuffer;
}

/**
 * The embedded event store: one SQLite file in WAL mode. An append is answered once its group
 * commit's log is synced (`SqliteDurability`), so an answered append survives a crash, and readers
 * are shown only what is synced (`ReadHorizon`). Appends go through a group commit; reads are
 * synchronous better-sqlite3 calls wrapped in promises to honour the port.
 */
export class SqliteEventStore implements EventStore, GlobalChainSource {
  readonly contiguousPositions = true;
  private readonly db: Database;
  private readonly statements: SqliteStatements;
  private readonly appends: SqliteAppends;
  private readonly appendListeners = new Set<() => void>();
  private readonly subscriptions = new Set<PollingSubscription>();
  private readonly pollIntervalMs: number;
  private readonly checkpointer: WalCheckpointer | null = null;
  private readonly durability: SqliteDurability;
  private closed = false;

  constructor(readonly dataDir: string, options: SqliteEventStoreOptions = {}) {
    const file = join(dataDir, SQLITE_FILE_NAME);
    if (options.readonly === true) {
      this.db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
      this.db.defaultSafeIntegers(true);
      this.statements = new SqliteStatements(this.db);
      this.durability = SqliteDurability.forReader(options.readHorizon);
    } else {
      mkdirSync(dataDir, { recursive: true });
      this.db = new BetterSqlite3(file);
      this.durability = SqliteDurability.forWriter(this.db, file);
      this.db.defaultSafeIntegers(true);
      this.db.exec(SCHEMA_SQL);
      migrateGlobalHashColumn(this.db);
      this.statements = new SqliteStatements(this.db);
      fillMissingGlobalHashes(this.db, this.statements);
      backfillReservations(this.db, options.reservationSources ?? []);
      createReservationIndexes(this.db, options.reservationSources ?? []);
      this.durability.syncOnOpen();
    }
    if (options.checkpoints === 'thread' && options.readonly !== true) this.checkpointer = checkpointOnThread(this.db);
    const recorded = new RecordedReservations(this.db, options.reservationSources ?? []);
    this.appends = new SqliteAppends(this.db, this.statements, this.durability, recorded, () => {
      this.checkpointer?.committed();
      for (const listener of [...this.appendListeners]) listener();
    });
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
  }

  /** The checkpoint thread's last report (null when checkpoints run inline). */
  checkpointStatus(): CheckpointerStatus | null {
    return this.checkpointer?.current ?? null;
  }

  /** Why appends are refused (a sync of the log failed), or null while the store writes. */
  writeRefusal(): string | null {
    return this.durability.refusal()?.message ?? null;
  }

  /** The writer's horizon in shared memory, for a read-only connection on another thread (`readHorizon` option). */
  get readHorizon(): SharedArrayBuffer {
    return this.durability.horizon.buffer;
  }

  /** The raw connection, for tests that tamper with rows or inspect pragmas. Never use it in production code. */
  unsafeDatabaseForTests(): Database {
    return this.db;
  }

  async appendToStream(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision, options: AppendOptions = {}): Promise<AppendResult> {
    this.assertOpen();
    assertValidStreamName(stream);
    assertValidExpected(expected);
    assertAppendSize(events.length);
    const reservations = options.reservations ?? [];
    assertValidReservations(reservations);
    const encoded = events.map(encodeEvent);
    assertDistinctIds(stream, encoded);
    return this.appends.enqueue({ stream, events: encoded, expected, reservations });
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = boundedCount(options.maxCount);
    const backwards = options.direction === 'backwards';
    const from = startRevision(options.from ?? (backwards ? 'end' : 'start'));
    const statement = backwards ? this.statements.readBackwards : this.statements.readForwards;
    return this.visible(statement.withLimit(limit).all(stream, from)).map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.visible(this.readAllBetween(storablePosition(options.afterPosition ?? 0n), MAX_INT64, boundedCount(options.maxCount), options.filter)).map(toRecordedEvent);
  }

  async streamExists(stream: string): Promise<boolean> {
    this.assertOpen();
    return this.statements.streamHead.get(stream) !== undefined;
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const filter = options.filter;
    const subscription: PollingSubscription = new PollingSubscription({
      afterPosition: storablePosition(options.afterPosition ?? 0n),
      fetchPage: (after) => this.subscriptionPage(after, filter),
      onAppended: (listener) => this.onAppended(listener),
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

  /**
   * Calls `listener` after each commit of this connection's appends; returns the unregister function.
   * The service forwards it to the projection thread, whose own connection cannot see this process's
   * commits except by polling.
   */
  onAppended(listener: () => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  /** Another connection appended (the service's writer, seen from the projection thread): subscriptions read now instead of at their next poll. */
  wakeSubscriptions(): void {
    for (const listener of [...this.appendListeners]) listener();
  }

  async verifyStream(stream: string): Promise<VerifyReport> {
    this.assertOpen();
    const report = new VerifyReportBuilder();
    report.add(verifyOneStream(this.statements, stream));
    return report.build();
  }

  async verifyAll(): Promise<VerifyReport> {
    this.assertOpen();
    const report = new VerifyReportBuilder();
    await verifyStreamsWithEvents(this.statements, report);
    await verifyStreamsWithoutEvents(this.statements, report);
    return report.build();
  }

  async globalChainPage(afterPosition: bigint, limit: number): Promise<GlobalChainEntry[]> {
    this.assertOpen();
    return this.durability.horizon.visibleRows(globalChainPage(this.statements, storablePosition(afterPosition), boundedCount(limit)), (entry) => entry.position);
  }

  async countUpTo(position: bigint, after = 0n): Promise<bigint> {
    this.assertOpen();
    return this.statements.countBetween.get(storablePosition(after), storablePosition(position))!.count;
  }

  async storageProblems(): Promise<StorageProblem[]> {
    this.assertOpen();
    return storageProblems(this.db, this.statements);
  }

  async reservationProblems(sources: readonly ReservationSource[], options: { limit: number; reservedOnly: boolean }): Promise<ReservationProblem[]> {
    this.assertOpen();
    return reservationProblems(this.db, sources, options.limit, options.reservedOnly);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Appends already accepted are committed and synced before the connection goes away.
    this.appends.drain();
    this.durability.close();
    this.closed = true;
    const open = [...this.subscriptions];
    await Promise.all(open.map((subscription) => subscription.stop()));
    await this.checkpointer?.stop();
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('SqliteEventStore is closed');
  }

  /** The highest position stored and on disk: the horizon is read after the table, as `ReadHorizon` requires. */
  private currentHead(): bigint {
    const stored = this.statements.headPosition.get()?.head ?? 0n;
    const horizon = this.durability.horizon.current();
    return stored < horizon ? stored : horizon;
  }

  private visible(rows: RecordedRow[]): RecordedRow[] {
    return this.durability.horizon.visibleRows(rows, (row) => row[0]);
  }

  // ---- reads ---------------------------------------------------------------------------------

  private readAllBetween(after: bigint, upTo: bigint, limit: number, filter: EventFilter | undefined): RecordedRow[] {
    const types = nonEmpty(filter?.eventTypes);
    const prefixes = nonEmpty(filter?.streamPrefixes);
    const variant: ReadAllVariant = types ? (prefixes ? 'typesAndPrefixes' : 'types') : prefixes ? 'prefixes' : 'all';
    const params: ReadAllParams = {
      after,
      upTo,
      ...(types ? { types: JSON.stringify(types) } : {}),
      ...(prefixes ? { prefixes: JSON.stringify(prefixes) } : {}),
    };
    return this.statements.readAll[variant].withLimit(limit).all(params);
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
    const scannedTo = rows.length < pageSize ? head : rows[rows.length - 1]![0];
    // A commit made while the page was read lowered the horizon: what lies above it is read again later.
    const horizon = this.durability.horizon.current();
    const nextAfter = scannedTo <= horizon ? scannedTo : horizon > after ? horizon : after;
    return { events: this.visible(rows).map(toRecordedEvent), nextAfter };
  }
}
