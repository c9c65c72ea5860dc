import { join } from 'node:path';
import {
  appendToStream,
  createEventStoreSchema,
  getSQLiteEventStore,
  readMessagesBatch,
  sqliteConnection,
  type SQLiteConnection,
} from '@event-driven-io/emmett-sqlite';
import { replayCommand, type CorpusCommand, type EventCorpus } from '../support/event-corpus';
import { nowMs, perSecond, temporaryDirectory } from '../support/measure';
import { appendFigures, type AppendFigures, type ReadFigures } from './raw-sqlite.anchor';

/**
 * The peer: Emmett's SQLite event store (@event-driven-io/emmett-sqlite 0.38.5, node-sqlite3 5.1.7:
 * WAL, synchronous=FULL by default, as checked with PRAGMA). 0.42.4 is newer but needs
 * @event-driven-io/emmett 0.42.4, which the registry does not serve here.
 *
 * Two ways of appending, both reported:
 *   - its public store (`getSQLiteEventStore`), which opens and closes the database file around every
 *     call when the store is a file (that is how 0.38.5 behaves, see `withConnection`);
 *   - its exported `appendToStream` on one long-lived connection: the fastest way Emmett offers,
 *     and the like-for-like comparison with ours. Batches nest its `withTransaction`.
 * Emmett's message id has no unique constraint; its per-stream position is unique, like ours.
 */

const PEER_FILE = 'emmett.sqlite';

/** Emmett derives a "stream type" from the part of the name before the first "-"; ours use ":" so it is the same for all. */
const streamTypeOf = (stream: string): string => stream.split(/[-:]/)[0] ?? 'stream';

const messagesOf = (command: CorpusCommand): Array<{ type: string; data: Record<string, unknown>; metadata: Record<string, unknown> }> =>
  command.events.map((event) => ({ type: event.type, data: event.data as Record<string, unknown>, metadata: { ...event.metadata } }));

/** Through the public store API, one caller: one connection open, one transaction and one close per command. */
export const peerAppendViaStore = async (corpus: EventCorpus, commands: number): Promise<AppendFigures> => {
  const directory = temporaryDirectory('emmett-store');
  const store = getSQLiteEventStore({ fileName: join(directory.path, PEER_FILE) });
  try {
    const counter = { next: 1 };
    let events = 0;
    const started = nowMs();
    for (let index = 0; index < commands; index += 1) {
      const command = replayCommand(corpus, index, counter);
      await store.appendToStream(command.stream, messagesOf(command));
      events += command.events.length;
    }
    return appendFigures(commands, events, nowMs() - started);
  } finally {
    directory.remove();
  }
};

const openPeer = async (path: string): Promise<SQLiteConnection> => {
  const connection = sqliteConnection({ fileName: join(path, PEER_FILE) });
  await createEventStoreSchema(connection);
  return connection;
};

const appendOne = async (connection: SQLiteConnection, command: CorpusCommand): Promise<void> => {
  const result = await appendToStream(connection, command.stream, streamTypeOf(command.stream), messagesOf(command));
  if (!result.success) throw new Error(`emmett refused an append to ${command.stream}`);
};

/** Long-lived connection, one caller, one transaction per command. */
export const peerAppendPerCommand = async (corpus: EventCorpus, commands: number): Promise<AppendFigures> => {
  const directory = temporaryDirectory('emmett-single');
  const connection = await openPeer(directory.path);
  try {
    const counter = { next: 1 };
    let events = 0;
    const started = nowMs();
    for (let index = 0; index < commands; index += 1) {
      const command = replayCommand(corpus, index, counter);
      await appendOne(connection, command);
      events += command.events.length;
    }
    return appendFigures(commands, events, nowMs() - started);
  } finally {
    connection.close();
    directory.remove();
  }
};

/**
 * Long-lived connection, `batchSize` commands inside one outer transaction (Emmett counts nesting,
 * so each append's own transaction joins it). Sequential inside the batch: node-sqlite3 serialises
 * statements on a connection anyway. The connection stays open for the read figure.
 */
export const peerAppendBatched = async (
  corpus: EventCorpus,
  commands: number,
  batchSize: number,
): Promise<{ figures: AppendFigures; read: () => Promise<ReadFigures>; close: () => void }> => {
  const directory = temporaryDirectory('emmett-batched');
  const connection = await openPeer(directory.path);
  const counter = { next: 1 };
  let events = 0;
  const started = nowMs();
  try {
    for (let first = 0; first < commands; first += batchSize) {
      const batch: CorpusCommand[] = [];
      for (let index = first; index < Math.min(commands, first + batchSize); index += 1) batch.push(replayCommand(corpus, index, counter));
      await connection.withTransaction(async () => {
        for (const command of batch) await appendOne(connection, command);
      });
      events += batch.reduce((sum, command) => sum + command.events.length, 0);
    }
  } catch (error: unknown) {
    // A failed batch (see anchors.bench.ts) must not leave the connection or the directory behind.
    connection.close();
    directory.remove();
    throw error;
  }
  const figures = appendFigures(commands, events, nowMs() - started);
  return {
    figures,
    read: () => peerReadAll(connection, events),
    close: () => {
      connection.close();
      directory.remove();
    },
  };
};

const READ_PAGE = 4096;

/** Emmett's global read (`readMessagesBatch`, what its consumers use), in pages of the same size as ours. */
const peerReadAll = async (connection: SQLiteConnection, expected: number): Promise<ReadFigures> => {
  let after = 0n;
  let events = 0;
  let checksum = 0;
  const started = nowMs();
  for (let pages = 0; pages <= expected / READ_PAGE + 1; pages += 1) {
    const batch = await readMessagesBatch(connection, { after, batchSize: READ_PAGE });
    for (const message of batch.messages) checksum += Object.keys(message.data as object).length + Object.keys(message.metadata).length;
    events += batch.messages.length;
    if (batch.messages.length < READ_PAGE) break;
    after = batch.currentGlobalPosition;
  }
  const elapsedMs = nowMs() - started;
  if (events !== expected || checksum === 0) throw new Error(`emmett read returned ${events} events, expected ${expected}`);
  return { events, elapsedMs, eventsPerSecond: perSecond(events, elapsedMs) };
};
