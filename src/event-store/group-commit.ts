import { assert } from '../shared/domain-error';
import { reportGroupCommit } from './write-path-probe';

/**
 * Group commit: requests that arrive while a commit is pending are answered by one shared commit.
 * With `synchronous=FULL` every SQLite commit costs an fsync, so committing N concurrent appends in
 * one transaction turns N fsyncs into one. The flush is deferred with `setImmediate`, so a lone
 * append waits at most one turn of the event loop, and every caller that enqueues in the same turn
 * (e.g. `Promise.all` over many appends) shares the commit.
 */

export type Outcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

interface Waiting<J, R> {
  readonly job: J;
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
}

/** Commits a group synchronously and returns one outcome per job, in order. */
export type CommitGroup<J, R> = (jobs: readonly J[]) => readonly Outcome<R>[];

export class GroupCommitQueue<J, R> {
  private readonly waiting: Waiting<J, R>[] = [];
  private scheduled: NodeJS.Immediate | null = null;

  constructor(
    private readonly commit: CommitGroup<J, R>,
    /** Upper bound on jobs per transaction, so one commit never holds the write lock for long. */
    private readonly maxJobsPerCommit = 512,
  ) {
    if (!Number.isInteger(maxJobsPerCommit) || maxJobsPerCommit < 1) throw new RangeError('maxJobsPerCommit must be a positive integer');
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

  /** Commits everything queued now, synchronously (used on close so no accepted append is lost). */
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
    this.flushOne();
    // Anything beyond the bound waits for the next turn, letting reads and other I/O in between.
    if (this.waiting.length > 0) this.schedule();
  }

  private flushOne(): void {
    const group = this.waiting.splice(0, this.maxJobsPerCommit);
    if (group.length === 0) return;
    reportGroupCommit(group.length);
    let outcomes: readonly Outcome<R>[];
    try {
      outcomes = this.commit(group.map((entry) => entry.job));
    } catch (error) {
      for (const entry of group) entry.reject(error);
      return;
    }
    assert(outcomes.length === group.length, `group commit returned ${outcomes.length} outcomes for ${group.length} jobs`);
    group.forEach((entry, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) entry.resolve(outcome.value);
      else entry.reject(outcome.error);
    });
  }
}
