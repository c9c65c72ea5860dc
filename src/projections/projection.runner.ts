import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { pagesOfAll } from '../event-store/paging';
import { checkpointOnThread, INLINE_WAL_PAGES, type CheckpointerStatus, type WalCheckpointer, type WalCheckpoints } from '../shared/wal-checkpointer';
import { LiveFollower } from './live-follower';
import { PositionWaiters } from './position-waiters';
import { asProjectedEvent, type Projection } from './projection';
import { BuildLifecycle, type RunnerMode } from './projection-build-lifecycle';
import { getBuild, lowestCheckpoint, recordBuildError, saveCheckpoint, type BuildRecord } from './projection-builds';
import type { ReadDatabase } from './read-database';
import { SqliteRowStore } from './sqlite-row-store';

export { MAX_CONSECUTIVE_FAILURES } from './live-follower';
export { MAX_WAITERS } from './position-waiters';

/**
 * The projection runner: reads the store's global order (`readAll` in bounded pages, then a
 * `subscribeToAll` catch-up-then-live subscription; never an in-process bus) and, per batch, applies
 * every event to every build it serves and writes the rows and the build's checkpoint in one SQLite
 * transaction. A crash anywhere leaves either the whole batch or none of it, and an event at or
 * below a build's checkpoint is skipped, so each event has its effect exactly once. Which builds it
 * writes is BuildLifecycle's job, following the store live is LiveFollower's, and read-your-writes
 * waiting is PositionWaiters'.
 */

/** Upper bound of one batch (one transaction): long enough to amortise the fsync, short enough to keep the write lock brief. */
export const MAX_BATCH_SIZE = 5000;
export const DEFAULT_BATCH_SIZE = 500;
export const LIVE_BATCH_SIZE = 64;

export interface ProjectionRunnerOptions {
  readonly batchSize?: number;
  readonly clock?: () => Date;
  readonly mode?: RunnerMode;
  /** Called after each committed batch with its number of events and last position; the rebuild progress bar listens here. */
  readonly onBatch?: (events: number, position: bigint) => void;
  readonly log?: (level: 'info' | 'warn', message: string) => void;
  /**
   * Where the read database's WAL checkpoints run (WAL_CHECKPOINTS): `inline` in the batch commit
   * that crosses SQLite's threshold (the default), or on a thread of their own until `stop()`, as the
   * event store's do; in a rebuild, checkpoints inside the commits took about a tenth of its time.
   */
  readonly walCheckpoints?: WalCheckpoints;
}

export interface BuildLag {
  readonly name: string;
  readonly version: number;
  readonly build: number;
  readonly status: string;
  readonly position: string;
  /** Head position minus checkpoint (global positions, which on EventStoreDB are not event counts). */
  readonly behind: string;
  readonly error: string | null;
}

export interface LagReport {
  readonly state: RunnerState;
  readonly headPosition: string;
  readonly position: string;
  readonly behind: string;
  readonly builds: readonly BuildLag[];
  readonly lastError: string | null;
}

export type RunnerState = 'idle' | 'live' | 'failed' | 'stopped';

export class ProjectionRunner {
  private readonly lifecycle: BuildLifecycle;
  private readonly follower: LiveFollower;
  private readonly waiters = new PositionWaiters();
  private readonly batchSize: number;
  private readonly clock: () => Date;
  private state: RunnerState = 'idle';
  private lastError: string | null = null;
  private checkpointer: WalCheckpointer | null;

  constructor(
    private readonly store: EventStore,
    private readonly db: ReadDatabase,
    projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.lifecycle = new BuildLifecycle(db, projections, options.mode ?? { kind: 'serve' }, this.clock, options.log);
    this.batchSize = Math.min(options.batchSize ?? DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE);
    if (!(this.batchSize >= 1)) throw new RangeError('batchSize must be at least 1');
    this.checkpointer = options.walCheckpoints === 'thread' && !db.memory ? this.checkpointOnThread() : null;
    this.follower = new LiveFollower({
      store,
      // Live batches are small: applying one is synchronous (better-sqlite3), so a large one would hold
      // every request of the process (the bench measured 0.5 s for 500 events). Commits are cheap since
      // the read database skips the fsync; catch-up and rebuilds keep `batchSize`.
      liveBatchSize: Math.min(this.batchSize, LIVE_BATCH_SIZE),
      resumeAfter: () => this.lowestPosition(),
      applyBatch: (events, after) => this.applyBatch(events, after),
      isLive: () => this.state === 'live',
      failed: (message, gaveUp) => {
        this.lastError = message;
        this.options.log?.('warn', message);
        if (gaveUp) this.state = 'failed';
      },
    });
  }

  /** Decides which builds to write (creating them when missing). Idempotent; called by catchUp and start. */
  prepare(): void {
    this.lifecycle.prepare();
  }

  /**
   * Catches every build up to the store's head as of the call, page by page, then promotes a build
   * made for a new version once it has caught up. Returns the position reached.
   */
  async catchUp(): Promise<bigint> {
    this.prepare();
    const head = await this.store.headPosition();
    let after = this.lowestPosition();
    for await (const events of pagesOfAll(this.store, { after, pageSize: this.batchSize, until: head })) {
      this.applyBatch(events, after);
      after = events[events.length - 1]!.position;
    }
    this.lifecycle.promoteCaughtUp(head);
    return this.lowestPosition();
  }

  /** Catch-up, then live: follows `subscribeToAll` until `stop()`. */
  async start(): Promise<void> {
    if (this.follower.following || this.state === 'live') return;
    this.state = 'live';
    try {
      await this.catchUp();
    } catch (error: unknown) {
      // Reported through lag() and /health rather than left looking live.
      this.state = 'failed';
      this.lastError = `catch-up failed: ${describe(error)}`;
      throw error;
    }
    if (this.state !== 'live') return;
    this.follower.follow();
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    await this.follower.stop();
    if (this.waiters.size > 0) this.waiters.releaseAll(this.answeringPosition());
    await this.stopCheckpoints();
  }

  /** The read database's checkpoint thread as it last reported; null when checkpoints run inline. */
  checkpointStatus(): CheckpointerStatus | null {
    return this.checkpointer?.current ?? null;
  }

  private checkpointOnThread(): WalCheckpointer {
    const fellBack = (reason: string): void => this.options.log?.('warn', `read database checkpoints run inline again: the checkpoint thread failed (${reason})`);
    return checkpointOnThread(this.db, fellBack);
  }

  /** The checkpoint thread ends with the runner; whoever commits to the database afterwards checkpoints inline. */
  private async stopCheckpoints(): Promise<void> {
    const checkpointer = this.checkpointer;
    this.checkpointer = null;
    await checkpointer?.stop();
    if (checkpointer !== null && this.db.open) this.db.pragma(`wal_autocheckpoint = ${INLINE_WAL_PAGES}`);
  }

  /**
   * Resolves true once every served build has projected `position` (read-your-writes for an HTTP
   * write), false after `timeoutMs`. When the runner is not live it catches up first.
   */
  async waitForPosition(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.state !== 'live') await this.catchUp();
    if (this.answeringPosition() >= position) return true;
    return this.waiters.wait(position, timeoutMs);
  }

  async lag(): Promise<LagReport> {
    this.prepare();
    const head = await this.store.headPosition();
    const builds = this.servedBuilds();
    const lowest = lowestCheckpoint(builds);
    const position = lowest !== null && lowest < head ? lowest : head;
    return {
      state: this.state,
      headPosition: head.toString(),
      position: position.toString(),
      behind: (head - position).toString(),
      builds: builds.map((build) => ({
        name: build.name,
        version: build.version,
        build: build.build,
        status: build.status,
        position: build.position.toString(),
        behind: (head > build.position ? head - build.position : 0n).toString(),
        error: build.error,
      })),
      lastError: this.lastError,
    };
  }

  /** Lowest checkpoint over the builds served: everything at or below it is projected everywhere. */
  lowestPosition(): bigint {
    return lowestCheckpoint(this.servedBuilds()) ?? 0n;
  }

  /**
   * Lowest checkpoint over the served builds that answer queries: what read-your-writes waits for.
   * A build filling up beside an older version does not hold writers back.
   */
  answeringPosition(): bigint {
    return lowestCheckpoint(this.servedBuilds().filter((build) => build.status === 'active')) ?? 0n;
  }

  servedBuilds(): BuildRecord[] {
    return this.lifecycle.served();
  }

  /**
   * Applies one batch: for each served build, the events after its checkpoint, through a row store,
   * then the rows and the new checkpoint, in one IMMEDIATE transaction (another process, such as a
   * CLI rebuild, may write the same database). A projection that throws is rolled back to its
   * savepoint, keeps its checkpoint and is reported; the others still commit.
   */
  applyBatch(events: readonly RecordedEvent[], after: bigint): number {
    if (events.length === 0) return 0;
    if (events.length > MAX_BATCH_SIZE) throw new RangeError(`a batch holds at most ${MAX_BATCH_SIZE} events`);
    const last = events[events.length - 1]!.position;
    const now = this.clock().toISOString();
    let applied = 0;
    this.db.transaction(() => {
      for (const target of this.lifecycle.targets) {
        this.lifecycle.refresh(target);
        for (const build of target.builds) applied += this.applyToBuild(target.projection, build, events, after, now);
      }
    }).immediate();
    this.checkpointer?.committed();
    this.options.onBatch?.(events.length, last);
    if (this.waiters.size > 0) this.waiters.release(this.answeringPosition());
    return applied;
  }

  private applyToBuild(projection: Projection, buildNumber: number, events: readonly RecordedEvent[], after: bigint, now: string): number {
    const last = events[events.length - 1]!.position;
    const build = getBuild(this.db, projection.name, buildNumber);
    // A build behind the start of the batch (it failed earlier) would skip events: it waits for a catch-up instead.
    if (!build || build.position >= last || build.position < after) return 0;
    const pending = events.filter((event) => event.position > build.position);
    try {
      this.db.transaction(() => {
        const rows = new SqliteRowStore(this.db, build.tables);
        for (const event of pending) {
          // System events of EventStoreDB ($-types) are not part of the ledger's contract.
          if (!event.type.startsWith('$')) projection.apply(rows, asProjectedEvent(event));
        }
        rows.flush(projection.tables);
        saveCheckpoint(this.db, projection.name, build.build, last, now);
      })();
      return pending.length;
    } catch (error: unknown) {
      const message = `projection ${projection.name} (build ${build.build}) failed after position ${build.position}: ${describe(error)}`;
      this.lastError = message;
      recordBuildError(this.db, projection.name, build.build, message, now);
      this.options.log?.('warn', message);
      return 0;
    }
  }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
