import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SCHEMA_SQL } from '../../src/event-store/sqlite/sqlite-schema';
import { replayCommand, type CorpusCommand, type EventCorpus } from '../support/event-corpus';
import { nowMs, perSecond, temporaryDirectory } from '../support/measure';

/**
 * The physical limit: the same rows written with plain better-sqlite3, on the same schema as our
 * store (positions, unique event id, unique (stream, revision), the streams table, the type index),
 * with WAL and synchronous=FULL, and nothing else: no revision check, no hash chain (a constant
 * 64-character text stands in for each hash so the rows have the same size), no idempotency lookup,
 * no promise. JSON.stringify of data and metadata is kept: every store has to encode the payload.
 */

const PLACEHOLDER_HASH = 'f'.repeat(64);

export interface AppendFigures {
  readonly commands: number;
  readonly events: number;
  readonly elapsedMs: number;
  readonly commandsPerSecond: number;
  readonly eventsPerSecond: number;
}

export interface ReadFigures {
  readonly events: number;
  readonly elapsedMs: number;
  readonly eventsPerSecond: number;
}

export const appendFigures = (commands: number, events: number, elapsedMs: number): AppendFigures => ({
  commands,
  events,
  elapsedMs,
  commandsPerSecond: perSecond(commands, elapsedMs),
  eventsPerSecond: perSecond(events, elapsedMs),
});

class RawStore {
  readonly db: BetterSqlite3.Database;
  private readonly insert: BetterSqlite3.Statement;
  private readonly upsert: BetterSqlite3.Statement;
  private readonly head: BetterSqlite3.Statement;
  private readonly revisions = new Map<string, number>();

  constructor(path: string) {
    this.db = new BetterSqlite3(join(path, 'raw.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(SCHEMA_SQL);
    this.insert = this.db.prepare('INSERT INTO events (event_id, stream_name, revision, type, data, metadata, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.upsert = this.db.prepare(
      'INSERT INTO streams (stream_name, revision, last_hash) VALUES (?, ?, ?) ON CONFLICT (stream_name) DO UPDATE SET revision = excluded.revision, last_hash = excluded.last_hash',
    );
    this.head = this.db.prepare('SELECT revision FROM streams WHERE stream_name = ?').pluck();
  }

  /** Writes one command's rows; the stream's revision is read in the transaction, as any store must. */
  write(command: CorpusCommand): void {
    const known = this.revisions.get(command.stream) ?? (this.head.get(command.stream) as number | undefined) ?? -1;
    let revision = known;
    for (const event of command.events) {
      revision += 1;
      this.insert.run(event.metadata.eventId, command.stream, revision, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), PLACEHOLDER_HASH, PLACEHOLDER_HASH);
    }
    this.upsert.run(command.stream, revision, PLACEHOLDER_HASH);
    this.revisions.set(command.stream, revision);
  }
}

/** One transaction (one fsync) per command. */
export const rawAppendPerCommand = (corpus: EventCorpus, commands: number): AppendFigures => {
  const directory = temporaryDirectory('raw-single');
  const store = new RawStore(directory.path);
  try {
    const counter = { next: 1 };
    const writeOne = store.db.transaction((command: CorpusCommand) => store.write(command));
    let events = 0;
    const started = nowMs();
    for (let index = 0; index < commands; index += 1) {
      const command = replayCommand(corpus, index, counter);
      writeOne.immediate(command);
      events += command.events.length;
    }
    return appendFigures(commands, events, nowMs() - started);
  } finally {
    store.db.close();
    directory.remove();
  }
};

/**
 * `batchSize` commands per transaction. Leaves the database open for the read measurement, which
 * reads exactly these rows back.
 */
export const rawAppendBatched = (corpus: EventCorpus, commands: number, batchSize: number): { figures: AppendFigures; read: () => ReadFigures; close: () => void } => {
  const directory = temporaryDirectory('raw-batched');
  const store = new RawStore(directory.path);
  const counter = { next: 1 };
  const writeBatch = store.db.transaction((batch: readonly CorpusCommand[]) => {
    for (const command of batch) store.write(command);
  });
  let events = 0;
  const started = nowMs();
  // ceil(commands / batchSize) transactions.
  for (let first = 0; first < commands; first += batchSize) {
    const batch: CorpusCommand[] = [];
    for (let index = first; index < Math.min(commands, first + batchSize); index += 1) batch.push(replayCommand(corpus, index, counter));
    writeBatch.immediate(batch);
    events += batch.reduce((sum, command) => sum + command.events.length, 0);
  }
  const figures = appendFigures(commands, events, nowMs() - started);
  return {
    figures,
    read: () => rawReadAll(store.db, events),
    close: () => {
      store.db.close();
      directory.remove();
    },
  };
};

const READ_PAGE = 4096;

/** Reads every row in position order in pages, parsing data and metadata: what a projection rebuild must at least do. */
const rawReadAll = (db: BetterSqlite3.Database, expected: number): ReadFigures => {
  const page = db.prepare('SELECT position, event_id, stream_name, revision, type, data, metadata, prev_hash, hash FROM events WHERE position > ? ORDER BY position LIMIT ?');
  let after = 0;
  let events = 0;
  let checksum = 0;
  const started = nowMs();
  // Bounded: one page more than the rows written.
  for (let pages = 0; pages <= expected / READ_PAGE + 1; pages += 1) {
    const rows = page.all(after, READ_PAGE) as Array<{ position: number; type: string; data: string; metadata: string }>;
    for (const row of rows) {
      const data = JSON.parse(row.data) as Record<string, unknown>;
      const metadata = JSON.parse(row.metadata) as Record<string, unknown>;
      // Touch the parsed values so the work cannot be optimised away.
      checksum += Object.keys(data).length + Object.keys(metadata).length;
    }
    events += rows.length;
    if (rows.length < READ_PAGE) break;
    after = rows[rows.length - 1]!.position;
  }
  const elapsedMs = nowMs() - started;
  if (events !== expected || checksum === 0) throw new Error(`raw read returned ${events} events, expected ${expected}`);
  return { events, elapsedMs, eventsPerSecond: perSecond(events, elapsedMs) };
};

export const sqliteVersion = (): string => {
  const db = new BetterSqlite3(':memory:');
  try {
    return String(db.prepare('SELECT sqlite_version()').pluck().get());
  } finally {
    db.close();
  }
};
