import Database from 'better-sqlite3';
import { createPrivateFile } from '../shared/private-file';
import { GroupCommitQueue, type Outcome } from '../shared/group-commit';
import { WalFileSync } from '../shared/wal-file-sync';
import { ACCESS_LOG_GENESIS, EMPTY_ACCESS_LOG, entryHash, walkAccessChain, type AccessLogHead } from './access-chain';

export const ACCESS_LOG_FILE = 'access-log.sqlite';
export const ACCESS_LOG_PAGE_MAX = 1000;
/**
 * Entries committed together at most (one transaction, one fsync). Under load, reads that arrive in
 * the same turn of the event loop share a commit; a burst beyond the bound waits for the next turn,
 * so one commit never holds the file's write lock for long.
 */
export const ACCESS_LOG_GROUP_ENTRIES_MAX = 256;

/** One read of a person's data: who, which person, what, when. Never the data itself. */
export interface AccessEntry {
  /** The principal's id (`token:<id>`, `oidc:<sub>`), or `anonymous` when none authenticated the request. */
  readonly principal: string;
  readonly personId: string;
  /** What was read: `person`, `timeline`, `usage`, `subsidy`, `alerts`, `claim`, `personal-data`, `lookup`. */
  readonly what: string;
  /** The route, as declared: `GET /persons/{personId}/timeline`. */
  readonly route: string;
  /** ISO-8601 instant of the read. */
  readonly at: string;
}

export interface RecordedAccess extends AccessEntry {
  readonly sequence: number;
  readonly hash: string;
}

export interface AccessQuery {
  readonly personId?: string;
  readonly principal?: string;
  readonly afterSequence?: number;
  readonly limit?: number;
}

/** Why the access log refuses entries: one of its syncs failed, so the reads it would record are refused until a restart. */
export class AccessLogNotDurable extends Error {
  override readonly name = 'AccessLogNotDurable';
  constructor(cause: string) {
    super(`reads of personal data are refused: the access log could not be synced to disk (${cause}); restart the service once the disk is sound`);
  }
}

/** What the group commit has done since the log was opened (for the bench and the tests). */
export interface AccessLogCommitStats {
  readonly commits: number;
  readonly entries: number;
}

/**
 * The access log: an append-only SQLite table in its own 0600 file. Triggers refuse UPDATE and
 * DELETE, so not even code of this process can edit an entry through SQL, and each entry's hash
 * covers the previous one's, so an entry edited or removed in the file by other means is found
 * by `verify()`. An entry is durable when `record` returns or the promise of `recordDurably` resolves,
 * and a read is answered only then: each commit's write-ahead log is synced before that (see
 * `WalFileSync`), for a group on libuv's thread pool, so the event loop answers other requests while
 * the disk writes. Waiting for that sync inside the commit (`synchronous = FULL`) held the event loop:
 * on a disk whose syncs take 1–3 ms, logged reads ran 1.14–1.52× faster without that wait
 * (docs/performance-history.md, round 13).
 */
export class SqliteAccessLog {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly lastHash: Database.Statement;
  private readonly commitEntries: (entries: readonly AccessEntry[]) => RecordedAccess[];
  private readonly wal: WalFileSync;
  /** Reads' entries, committed in groups; a group is answered once `wal` has synced it. */
  private readonly group: GroupCommitQueue<AccessEntry, RecordedAccess>;
  /** Set once a sync has failed: no entry is written after it (see `refuseAfter`). */
  private syncFailure: AccessLogNotDurable | null = null;
  /** The newest entry known to be on disk (see `durableHead`); null when a sync failed at opening. */
  private durable: AccessLogHead | null;
  private commitCount = 0;
  private entryCount = 0;

  constructor(file: string) {
    if (file !== ':memory:') createPrivateFile(file);
    this.db = new Database(file);
    const inWalMode = this.db.pragma('journal_mode = WAL', { simple: true }) === 'wal';
    // NORMAL: a commit does not wait for the disk; every commit's log is synced by `wal` before it is
    // acknowledged. Without a write-ahead log (a database in memory) there is nothing to sync apart.
    this.db.pragma(inWalMode ? 'synchronous = NORMAL' : 'synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS access_log (
        sequence  INTEGER PRIMARY KEY AUTOINCREMENT,
        at        TEXT NOT NULL,
        principal TEXT NOT NULL,
        person_id TEXT NOT NULL,
        what      TEXT NOT NULL,
        route     TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX IF NOT EXISTS access_log_person ON access_log (person_id, sequence);
      CREATE TRIGGER IF NOT EXISTS access_log_no_update BEFORE UPDATE ON access_log
        BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
      CREATE TRIGGER IF NOT EXISTS access_log_no_delete BEFORE DELETE ON access_log
        BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
    `);
    this.insert = this.db.prepare('INSERT INTO access_log (at, principal, person_id, what, route, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.lastHash = this.db.prepare('SELECT sequence, hash FROM access_log ORDER BY sequence DESC LIMIT 1');
    // The chain's head is read and extended inside one immediate transaction, so two processes
    // (the service and the CLI) never fork it; the entries are chained in the order given.
    const transaction = this.db.transaction((entries: readonly AccessEntry[]): RecordedAccess[] => {
      let prevHash = (this.lastHash.get() as { hash: string } | undefined)?.hash ?? ACCESS_LOG_GENESIS;
      return entries.map((entry) => {
        const hash = entryHash(prevHash, entry);
        const { lastInsertRowid } = this.insert.run(entry.at, entry.principal, entry.personId, entry.what, entry.route, prevHash, hash);
        prevHash = hash;
        return { ...entry, sequence: Number(lastInsertRowid), hash };
      });
    });
    this.commitEntries = (entries) => transaction.immediate(entries);
    this.wal = new WalFileSync(file);
    this.group = new GroupCommitQueue((entries) => this.commit(entries).map((recorded): Outcome<RecordedAccess> => ({ ok: true, value: recorded })), {
      maxJobsPerCommit: ACCESS_LOG_GROUP_ENTRIES_MAX,
      afterCommit: (outcomes) =>
        this.wal.sync().then(
          () => this.markDurable(outcomes.flatMap((outcome) => (outcome.ok ? [outcome.value] : []))),
          (error: unknown) => Promise.reject(this.refuseAfter(error)),
        ),
    });
    this.durable = this.openingHead();
  }

  /**
   * The newest entry of this process that is on disk: its write-ahead log was synced after it was
   * committed. A signed checkpoint carries this head, never one merely committed, so that a crash
   * cannot take away an entry a signature vouches for (the log would then look truncated). Entries
   * another process (the CLI) appends are covered once an entry of this process follows them. Null
   * when the sync at opening failed: the log then refuses entries, and vouches for none.
   */
  durableHead(): AccessLogHead | null {
    return this.durable;
  }

  /** Appends one entry now, in a transaction of its own, durable on return. */
  record(entry: AccessEntry): RecordedAccess {
    const recorded = this.commit([entry]);
    this.syncNow();
    this.markDurable(recorded);
    return recorded[0] as RecordedAccess;
  }

  /**
   * Appends entries now, in order, in transactions of at most `ACCESS_LOG_GROUP_ENTRIES_MAX` entries:
   * an export listing thousands of persons pays one fsync per group, not one per person.
   */
  recordAll(entries: readonly AccessEntry[]): RecordedAccess[] {
    const recorded: RecordedAccess[] = [];
    for (let from = 0; from < entries.length; from += ACCESS_LOG_GROUP_ENTRIES_MAX) {
      recorded.push(...this.commit(entries.slice(from, from + ACCESS_LOG_GROUP_ENTRIES_MAX)));
    }
    this.syncNow();
    this.markDurable(recorded);
    return recorded;
  }

  /**
   * Appends one entry together with the others queued meanwhile: one transaction and one sync for the
   * group instead of one each, which is what bounded the rate of logged reads. A group is committed
   * in the turn after its first entry, or once the previous group's sync has finished: while the disk
   * writes, the entries that arrive gather into the next group, and the event loop answers them.
   * Resolves once the entry is durable, with its sequence. Rejects when the group's commit failed,
   * and then none of the group was written, or when the log could not be synced after it, and then
   * the entries may be in the log for reads that were never answered (an access log errs on the side
   * of saying too much). Entries are chained in the order queued.
   */
  recordDurably(entry: AccessEntry): Promise<RecordedAccess> {
    return this.group.enqueue(entry);
  }

  /** Why entries are refused (a sync of the log failed), or null while the log records. */
  refusal(): AccessLogNotDurable | null {
    return this.syncFailure;
  }

  stats(): AccessLogCommitStats {
    return { commits: this.commitCount, entries: this.entryCount };
  }

  query(filter: AccessQuery): RecordedAccess[] {
    const limit = Math.min(filter.limit ?? 100, ACCESS_LOG_PAGE_MAX);
    const rows = this.db
      .prepare(
        `SELECT sequence, at, principal, person_id, what, route, hash FROM access_log
         WHERE sequence > @after AND (@personId IS NULL OR person_id = @personId) AND (@principal IS NULL OR principal = @principal)
         ORDER BY sequence LIMIT @limit`,
      )
      .all({ after: filter.afterSequence ?? 0, personId: filter.personId ?? null, principal: filter.principal ?? null, limit }) as Array<{
      sequence: number;
      at: string;
      principal: string;
      person_id: string;
      what: string;
      route: string;
      hash: string;
    }>;
    return rows.map((row) => ({ sequence: row.sequence, at: row.at, principal: row.principal, personId: row.person_id, what: row.what, route: row.route, hash: row.hash }));
  }

  /** Walks the chain; answers the first sequence whose entry or link does not match, or null when intact. */
  verify(): number | null {
    return walkAccessChain(this.db).brokenAt;
  }

  /** Commits what is still queued (those reads were accepted), then closes the file. */
  close(): void {
    if (!this.db.open) return;
    this.group.drain();
    // Syncs what the groups committed before the connection that wrote the log goes away.
    this.wal.close();
    this.db.close();
  }

  private syncNow(): void {
    try {
      this.wal.syncNow();
    } catch (error) {
      throw this.refuseAfter(error);
    }
  }

  /**
   * After a failed sync the log's unsynced tail is unknown (Linux may drop the pages it could not
   * write), and SQLite's recovery keeps the log only up to the first frame lost: a later sync that
   * succeeds would vouch for entries that a crash still removes, and a read answered on it would go
   * unrecorded. So, as the event store does, the log refuses every entry from then on (and with it
   * every read it records) until the service is restarted and SQLite has recovered the file.
   */
  private refuseAfter(error: unknown): AccessLogNotDurable {
    this.syncFailure ??= new AccessLogNotDurable(error instanceof Error ? error.message : String(error));
    return this.syncFailure;
  }

  /**
   * The head as the file holds it at opening, synced first: a process that crashed may have left
   * committed entries that were never synced, and the next checkpoint may vouch for them.
   */
  private openingHead(): AccessLogHead | null {
    const last = this.lastHash.get() as AccessLogHead | undefined;
    try {
      this.wal.syncNow();
    } catch (error) {
      this.refuseAfter(error);
      return null;
    }
    return last ?? EMPTY_ACCESS_LOG;
  }

  /**
   * Moves the durable head to the last of `recorded`, which a sync has just covered. Groups and
   * direct appends settle in any order, so the head only moves forward; after a failed sync it stays
   * where it was, since no later sync vouches for the entries after the failure (see `refuseAfter`).
   */
  private markDurable(recorded: readonly RecordedAccess[]): void {
    const last = recorded[recorded.length - 1];
    if (last === undefined || this.syncFailure !== null) return;
    if (this.durable === null || last.sequence > this.durable.sequence) this.durable = { sequence: last.sequence, hash: last.hash };
  }

  private commit(entries: readonly AccessEntry[]): RecordedAccess[] {
    if (this.syncFailure !== null) throw this.syncFailure;
    const recorded = this.commitEntries(entries);
    this.commitCount += 1;
    this.entryCount += entries.length;
    return recorded;
  }
}
