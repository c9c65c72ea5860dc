import { assert } from './domain-error';

/**
 * Group commit: requests that arrive while a commit is pending are answered by one shared commit.
 * Every durable commit costs a sync of the disk, so committing N concurrent writes (the event
 * store's appends, the access log's entries) in one transaction turns N syncs into one. The flush
 * is deferred with `setImmediate`, so a lone write waits at most one turn of the event loop, and
 * every caller that enqueues in the same turn (e.g. `Promise.all` over many appends) shares the commit.
 *
 * With `afterCommit` (a sync of the database's log, which runs off the event loop: `WalFileSync`), a
 * group's callers are answered once it has resolved, and the next group is committed only then:
 * one group is on its way to the disk at a time, and the callers who arrive meanwhile gather into
 * the next one.
 */

export type Outcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

interface Waiting<J, R> {
  readonly job: J;
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
}

/** Commits a group synchronously and returns one outcome per job, in order. */
export type CommitGroup<J, R> = (jobs: readonly J[]) => readonly Outcome<R>[];

/**
 * Runs after a group's commit, before its callers are answered: resolves once what it committed is
 * durable; a rejection fails every caller of the group with its error.
 */
export type AfterCommit<R> = (outcomes: readonly Outcome<R>[]) => Promise<void>;

export interface GroupCommitOptions<R> {
  /** Upper bound on jobs per transaction, so one commit never holds the write lock for long. */
  readonly maxJobsPerCommit?: number;
  readonly afterCommit?: AfterCommit<R>;
  /** Told the size of each group as it is committed (the event store's write-path probe). */
  readonly onGroup?: (jobs: number) => void;
}

export class GroupCommitQueue<J, R> {
  private readonly waiting: Waiting<J, R>[] = [];
  private scheduled: NodeJS.Immediate | null = null;
  /** A committed group waits for `afterCommit`: the next one is committed when it has been answered. */
  private settling = false;
  private readonly maxJobsPerCommit: number;
  private readonly afterCommit: AfterCommit<R> | null;
  private readonly onGroup: ((jobs: number) => void) | null;

  constructor(
    private readonly commit: CommitGroup<J, R>,
    options: GroupCommitOptions<R> = {},
  ) {
    this.maxJobsPerCommit = options.maxJobsPerCommit ?? 512;
    if (!Number.isInteger(this.maxJobsPerCommit) || this.maxJobsPerCommit < 1) throw new RangeError('maxJobsPerCommit must be a positive integer');
    this.afterCommit = options.afterCommit ?? null;
    this.onGroup = options.onGroup ?? null;
  }

  get pendingCount(): number {
    return this.waiting.length;
  }

  enqueue(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ job, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Commits everything queued now, synchronously, even while a group is settling (used on close so
   * no accepted append is lost; with `afterCommit`, the caller's final sync answers them).
   */
  drain(): void {
    const rounds = Math.ceil(this.waiting.length / this.maxJobsPerCommit);
    for (let round = 0; round < rounds; round += 1) this.flushOne();
    this.cancelSchedule();
  }

  private schedule(): void {
    if (this.scheduled === null) this.scheduled = setImmediate(() => this.onImmediate());
  }

  private cancelSchedule(): void {
    if (this.scheduled !== null) clearImmediate(this.scheduled);
    this.scheduled = null;
  }

  private onImmediate(): void {
    this.scheduled = null;
    // The settling group schedules the next flush once it has been answered.
    if (this.settling) return;
    this.flushOne();
    // Anything beyond the bound waits for the next turn, letting reads and other I/O in between.
    if (this.waiting.length > 0 && !this.settling) this.schedule();
  }

  private flushOne(): void {
    const group = this.waiting.splice(0, this.maxJobsPerCommit);
    if (group.length === 0) return;
    this.onGroup?.(group.length);
    let outcomes: readonly Outcome<R>[];
    try {
      outcomes = this.commit(group.map((entry) => entry.job));
    } catch (error) {
      for (const entry of group) entry.reject(error);
      return;
    }
    assert(outcomes.length === group.length, `group commit returned ${outcomes.length} outcomes for ${group.length} jobs`);
    if (this.afterCommit === null) return answer(group, outcomes);
    this.settling = true;
    const afterCommit = this.afterCommit;
    // A step that throws before it returns its promise (the log file cannot be opened) fails the group like a rejection.
    new Promise<void>((resolve) => resolve(afterCommit(outcomes)))
      .then(
        () => answer(group, outcomes),
        (error: unknown) => group.forEach((entry) => entry.reject(error)),
      )
      .finally(() => {
        this.settling = false;
        if (this.waiting.length > 0) this.schedule();
      });
  }
}

const answer = <J, R>(group: readonly Waiting<J, R>[], outcomes: readonly Outcome<R>[]): void =>
  group.forEach((entry, index) => {
    const outcome = outcomes[index]!;
    if (outcome.ok) entry.resolve(outcome.value);
    else entry.reject(outcome.error);
  });
