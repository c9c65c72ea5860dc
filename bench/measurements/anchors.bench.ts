import { peerAppendBatched, peerAppendPerCommand, peerAppendViaStore } from '../anchors/emmett.peer';
import { ourAppendBatched, ourAppendConcurrent, ourAppendSequential } from '../anchors/our-store.bench';
import { rawAppendBatched, rawAppendPerCommand } from '../anchors/raw-sqlite.anchor';
import type { BenchScale } from '../bench-scale';
import type { EventCorpus } from '../support/event-corpus';
import { log } from '../support/measure';
import type { Report } from '../support/report';

/**
 * The anchors, on the same rows: the physical limit (raw better-sqlite3), our store, and the peer
 * (Emmett SQLite), appending one transaction per command and in batches, then reading everything
 * back. Ratios ours / limit and ours / peer are what the issue asks to watch.
 *
 * The three contenders run in interleaved rounds (raw, ours, peer, raw, ours, peer, …) and each
 * figure is the median of its rounds: on a shared machine the fsync latency and the CPU available
 * drift by a factor of two within a minute, and interleaving spreads that drift over all three
 * instead of penalising whichever happened to run during a burst.
 */

type Contender = 'raw' | 'ours' | 'peer';

interface RoundFigures {
  readonly single: Record<Contender, number>;
  readonly batched: Record<Contender, number>;
  readonly read: Record<Contender, number>;
  readonly ours64: number;
  readonly peerStore: number;
  readonly events: number;
  /** Failures of the peer in this round (its figures are then NaN and left out of the medians). */
  readonly peerFailures: readonly string[];
}

/** Median of the finite values: a round where a contender failed is left out for that contender only. */
const median = (values: readonly number[]): number => {
  const sorted = values.filter(Number.isFinite).sort((left, right) => left - right);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const spread = (values: readonly number[]): string => {
  const finite = values.filter(Number.isFinite);
  return `median of ${finite.length} interleaved rounds, ${Math.round(Math.min(...finite))}–${Math.round(Math.max(...finite))}`;
};

/**
 * Runs one peer measurement; a failure is recorded, not thrown. Emmett 0.38.5 on node-sqlite3 has
 * been seen to fail a COMMIT with "SQLITE_BUSY: cannot commit transaction - SQL statements in
 * progress" in long batched runs; that is a finding about the peer, and must not cost the other
 * contenders' figures.
 */
const peerAttempt = async <T>(failures: string[], label: string, body: () => Promise<T>): Promise<T | null> => {
  try {
    return await body();
  } catch (error: unknown) {
    failures.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
};

const round = async (scale: BenchScale, corpus: EventCorpus, index: number): Promise<RoundFigures> => {
  const rounds = scale.anchors.rounds;
  const single = Math.ceil(scale.anchors.singleCommands / rounds);
  const batched = Math.ceil(scale.anchors.batchedCommands / rounds);
  const peerStoreCommands = Math.ceil(scale.anchors.peerStoreCommands / rounds);
  const { batchSize } = scale.anchors;
  log(`anchors round ${index + 1}/${rounds}: 1 txn/command (${single}), batched (${batched}), 64 callers, peer store API (${peerStoreCommands})`);

  const peerFailures: string[] = [];
  const rawSingle = rawAppendPerCommand(corpus, single);
  const oursSingle = await ourAppendSequential(corpus, single);
  const peerSingle = await peerAttempt(peerFailures, '1 txn/command', () => peerAppendPerCommand(corpus, single));

  const rawBatched = rawAppendBatched(corpus, batched, batchSize);
  const rawRead = rawBatched.read();
  rawBatched.close();
  const oursBatched = await ourAppendBatched(corpus, batched, batchSize);
  const oursRead = await oursBatched.read();
  await oursBatched.close();
  const peerBatched = await peerAttempt(peerFailures, 'batched', () => peerAppendBatched(corpus, batched, batchSize));
  const peerRead = peerBatched ? await peerAttempt(peerFailures, 'read', () => peerBatched.read()) : null;
  peerBatched?.close();

  const ours64 = await ourAppendConcurrent(corpus, batched, 64);
  const peerStore = await peerAttempt(peerFailures, 'store API', () => peerAppendViaStore(corpus, peerStoreCommands));
  return {
    single: { raw: rawSingle.commandsPerSecond, ours: oursSingle.commandsPerSecond, peer: peerSingle?.commandsPerSecond ?? Number.NaN },
    batched: { raw: rawBatched.figures.commandsPerSecond, ours: oursBatched.figures.commandsPerSecond, peer: peerBatched?.figures.commandsPerSecond ?? Number.NaN },
    read: { raw: rawRead.eventsPerSecond, ours: oursRead.eventsPerSecond, peer: peerRead?.eventsPerSecond ?? Number.NaN },
    ours64: ours64.commandsPerSecond,
    peerStore: peerStore?.commandsPerSecond ?? Number.NaN,
    events: rawBatched.figures.events,
    peerFailures,
  };
};

export const measureAnchors = async (scale: BenchScale, corpus: EventCorpus, report: Report): Promise<void> => {
  const { rounds, batchSize, singleCommands, batchedCommands } = scale.anchors;
  const results: RoundFigures[] = [];
  for (let index = 0; index < rounds; index += 1) results.push(await round(scale, corpus, index));

  const group = 'anchors';
  const pick = (of: (figures: RoundFigures) => number): { value: number; detail: string } => {
    const values = results.map(of);
    return { value: median(values), detail: spread(values) };
  };
  const figure = (label: string, unit: string, of: (figures: RoundFigures) => number, extra = ''): number => {
    const { value, detail } = pick(of);
    report.add({ group, label, value, unit, detail: `${detail}${extra}` });
    return value;
  };
  const rawSingle = figure('limit: raw append, 1 txn/command', 'commands/s', (r) => r.single.raw, `; ${singleCommands} commands in all`);
  const rawBatched = figure(`limit: raw append, ${batchSize}/txn`, 'commands/s', (r) => r.batched.raw, `; ${batchedCommands} commands in all`);
  const rawRead = figure('limit: raw read + JSON.parse', 'events/s', (r) => r.read.raw, `; ${results[0]!.events} events per round`);
  const oursSingle = figure('ours: append, 1 caller', 'commands/s', (r) => r.single.ours);
  const oursBatched = figure(`ours: append, ${batchSize} issued together`, 'commands/s', (r) => r.batched.ours);
  const ours64 = figure('ours: append, 64 callers (group commit)', 'commands/s', (r) => r.ours64);
  const oursRead = figure('ours: readAll', 'events/s', (r) => r.read.ours);
  const peerSingle = figure('peer: append, 1 txn/command', 'commands/s', (r) => r.single.peer, '; long-lived connection');
  const peerBatched = figure(`peer: append, ${batchSize}/txn`, 'commands/s', (r) => r.batched.peer);
  const peerRead = figure('peer: readMessagesBatch', 'events/s', (r) => r.read.peer);
  const peerStore = figure('peer: append via its store API', 'commands/s', (r) => r.peerStore, '; reopens the file on every call');

  report.setLimit('raw read', rawRead);
  report.setLimit('raw append batched', rawBatched);
  report.ratio('append 1 txn/command: ours / limit', oursSingle, rawSingle, 'commands/s, one caller');
  report.ratio('append batched: ours / limit', oursBatched, rawBatched, `${batchSize} per transaction`);
  report.ratio('append 64 callers: ours / limit batched', ours64, rawBatched, 'group commit vs raw batches');
  report.ratio('read: ours / limit', oursRead, rawRead, 'events/s');
  report.ratio('append 1 txn/command: ours / peer', oursSingle, peerSingle, 'peer on a long-lived connection');
  report.ratio('append 1 caller: ours / peer store API', oursSingle, peerStore, "peer's public API");
  report.ratio('append batched: ours / peer', oursBatched, peerBatched, `${batchSize} per transaction`);
  report.ratio('read: ours / peer', oursRead, peerRead, 'events/s');
  report.target(
    'faster than the peer on append',
    `ours/peer ${(oursSingle / peerSingle).toFixed(2)}× (1 txn/command), ${(oursBatched / peerBatched).toFixed(2)}× (batched)`,
    oursSingle > peerSingle && oursBatched > peerBatched,
  );
  report.target('faster than the peer on read', `ours/peer ${(oursRead / peerRead).toFixed(2)}×`, oursRead > peerRead);
  const failures = results.flatMap((result, index) => result.peerFailures.map((failure) => `round ${index + 1}: ${failure}`));
  if (failures.length > 0) report.note(`The peer failed in ${failures.length} measurement(s), left out of its medians: ${failures.join('; ')}`);
  report.extra['anchors'] = results;
};
