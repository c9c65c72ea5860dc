import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { replayCommand, type CorpusCommand, type EventCorpus } from '../support/event-corpus';
import { nowMs, perSecond, runConcurrently, temporaryDirectory } from '../support/measure';
import { appendFigures, type AppendFigures, type ReadFigures } from './raw-sqlite.anchor';

/**
 * Our embedded store on the anchors' rows: the same commands through `appendToStream` (canonical
 * JSON, hash chain, idempotency lookup, revision check, group commit) and `readAll` (rows to
 * RecordedEvent with both JSON columns parsed). Expected revision `any`, as the raw anchor checks none.
 */

const append = (store: SqliteEventStore, command: CorpusCommand): Promise<unknown> => store.appendToStream(command.stream, command.events, 'any');

/** One caller: every append waits for its own commit, so one fsync per command. */
export const ourAppendSequential = async (corpus: EventCorpus, commands: number): Promise<AppendFigures> => {
  const directory = temporaryDirectory('ours-single');
  const store = new SqliteEventStore(directory.path);
  try {
    const counter = { next: 1 };
    let events = 0;
    const started = nowMs();
    for (let index = 0; index < commands; index += 1) {
      const command = replayCommand(corpus, index, counter);
      await append(store, command);
      events += command.events.length;
    }
    return appendFigures(commands, events, nowMs() - started);
  } finally {
    await store.close();
    directory.remove();
  }
};

/** `callers` concurrent callers, each waiting for its own append: the group commit shares the fsync. */
export const ourAppendConcurrent = async (corpus: EventCorpus, commands: number, callers: number): Promise<AppendFigures> => {
  const directory = temporaryDirectory('ours-concurrent');
  const store = new SqliteEventStore(directory.path);
  try {
    const counter = { next: 1 };
    let events = 0;
    const started = nowMs();
    const run = await runConcurrently(commands, callers, async (index) => {
      const command = replayCommand(corpus, index, counter);
      events += command.events.length;
      await append(store, command);
    });
    if (run.failures > 0) throw new Error(`our store refused ${run.failures} appends: ${run.failureSamples.join('; ')}`);
    return appendFigures(commands, events, nowMs() - started);
  } finally {
    await store.close();
    directory.remove();
  }
};

/**
 * `batchSize` appends issued together (the group commit's bound is 512 per transaction), the
 * equivalent of the raw anchor's batched transactions. The store stays open for the read figure.
 */
export const ourAppendBatched = async (
  corpus: EventCorpus,
  commands: number,
  batchSize: number,
): Promise<{ figures: AppendFigures; read: () => Promise<ReadFigures>; close: () => Promise<void> }> => {
  const directory = temporaryDirectory('ours-batched');
  const store = new SqliteEventStore(directory.path);
  const counter = { next: 1 };
  let events = 0;
  const started = nowMs();
  for (let first = 0; first < commands; first += batchSize) {
    const batch: CorpusCommand[] = [];
    for (let index = first; index < Math.min(commands, first + batchSize); index += 1) batch.push(replayCommand(corpus, index, counter));
    await Promise.all(batch.map((command) => append(store, command)));
    events += batch.reduce((sum, command) => sum + command.events.length, 0);
  }
  const figures = appendFigures(commands, events, nowMs() - started);
  return {
    figures,
    read: () => ourReadAll(store, events),
    close: async () => {
      await store.close();
      directory.remove();
    },
  };
};

const READ_PAGE = 4096;

export const ourReadAll = async (store: SqliteEventStore, expected: number): Promise<ReadFigures> => {
  let after = 0n;
  let events = 0;
  let checksum = 0;
  const started = nowMs();
  for (let pages = 0; pages <= expected / READ_PAGE + 1; pages += 1) {
    const page = await store.readAll({ afterPosition: after, maxCount: READ_PAGE });
    for (const event of page) checksum += Object.keys(event.data as object).length + Object.keys(event.metadata).length;
    events += page.length;
    if (page.length < READ_PAGE) break;
    after = page[page.length - 1]!.position;
  }
  const elapsedMs = nowMs() - started;
  if (events !== expected || checksum === 0) throw new Error(`our readAll returned ${events} events, expected ${expected}`);
  return { events, elapsedMs, eventsPerSecond: perSecond(events, elapsedMs) };
};
