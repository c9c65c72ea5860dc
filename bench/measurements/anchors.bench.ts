import { peerAppendBatched, peerAppendPerCommand, peerAppendViaStore } from '../anchors/emmett.peer';
import { ourAppendBatched, ourAppendConcurrent, ourAppendSequential } from '../anchors/our-store.bench';
import { rawAppendBatched, rawAppendPerCommand, type AppendFigures, type ReadFigures } from '../anchors/raw-sqlite.anchor';
import type { BenchScale } from '../bench-scale';
import type { EventCorpus } from '../support/event-corpus';
import { log } from '../support/measure';
import type { Report } from '../support/report';

/**
 * The anchors, on the same rows: the physical limit (raw better-sqlite3), our store, and the peer
 * (Emmett SQLite), appending one transaction per command and in batches, then reading everything
 * back. Ratios ours / limit and ours / peer are what the issue asks to watch.
 */
export const measureAnchors = async (scale: BenchScale, corpus: EventCorpus, report: Report): Promise<void> => {
  const { singleCommands, batchedCommands, batchSize, peerStoreCommands } = scale.anchors;
  const group = 'anchors';
  const detail = (figures: AppendFigures): string => `${figures.commands} commands, ${figures.events} events, ${Math.round(figures.elapsedMs)} ms`;
  const readDetail = (figures: ReadFigures): string => `${figures.events} events, ${Math.round(figures.elapsedMs)} ms`;

  log(`anchors: raw, 1 transaction per command (${singleCommands})`);
  const rawSingle = rawAppendPerCommand(corpus, singleCommands);
  report.add({ group, label: 'limit: raw append, 1 txn/command', value: rawSingle.commandsPerSecond, unit: 'commands/s', detail: detail(rawSingle) });

  log(`anchors: raw, ${batchSize} commands per transaction (${batchedCommands})`);
  const rawBatched = rawAppendBatched(corpus, batchedCommands, batchSize);
  report.add({ group, label: `limit: raw append, ${batchSize}/txn`, value: rawBatched.figures.commandsPerSecond, unit: 'commands/s', detail: detail(rawBatched.figures) });
  report.add({ group, label: `limit: raw append, ${batchSize}/txn`, value: rawBatched.figures.eventsPerSecond, unit: 'events/s', detail: detail(rawBatched.figures) });
  const rawRead = rawBatched.read();
  rawBatched.close();
  report.add({ group, label: 'limit: raw read + JSON.parse', value: rawRead.eventsPerSecond, unit: 'events/s', detail: readDetail(rawRead) });

  log(`anchors: ours, 1 caller (${singleCommands})`);
  const oursSingle = await ourAppendSequential(corpus, singleCommands);
  report.add({ group, label: 'ours: append, 1 caller', value: oursSingle.commandsPerSecond, unit: 'commands/s', detail: detail(oursSingle) });

  log(`anchors: ours, 64 callers (${batchedCommands})`);
  const oursConcurrent = await ourAppendConcurrent(corpus, batchedCommands, 64);
  report.add({ group, label: 'ours: append, 64 callers (group commit)', value: oursConcurrent.commandsPerSecond, unit: 'commands/s', detail: detail(oursConcurrent) });

  log(`anchors: ours, ${batchSize} appends issued together (${batchedCommands})`);
  const oursBatched = await ourAppendBatched(corpus, batchedCommands, batchSize);
  report.add({ group, label: `ours: append, ${batchSize} issued together`, value: oursBatched.figures.commandsPerSecond, unit: 'commands/s', detail: detail(oursBatched.figures) });
  const oursRead = await oursBatched.read();
  await oursBatched.close();
  report.add({ group, label: 'ours: readAll', value: oursRead.eventsPerSecond, unit: 'events/s', detail: readDetail(oursRead) });

  log(`anchors: peer via its store API (${peerStoreCommands})`);
  const peerStore = await peerAppendViaStore(corpus, peerStoreCommands);
  report.add({ group, label: 'peer: append via store API, 1 caller', value: peerStore.commandsPerSecond, unit: 'commands/s', detail: `${detail(peerStore)}; reopens the file per call` });

  log(`anchors: peer, long-lived connection (${singleCommands})`);
  const peerSingle = await peerAppendPerCommand(corpus, singleCommands);
  report.add({ group, label: 'peer: append, 1 txn/command', value: peerSingle.commandsPerSecond, unit: 'commands/s', detail: detail(peerSingle) });

  log(`anchors: peer, ${batchSize} per transaction (${batchedCommands})`);
  const peerBatched = await peerAppendBatched(corpus, batchedCommands, batchSize);
  report.add({ group, label: `peer: append, ${batchSize}/txn`, value: peerBatched.figures.commandsPerSecond, unit: 'commands/s', detail: detail(peerBatched.figures) });
  const peerRead = await peerBatched.read();
  peerBatched.close();
  report.add({ group, label: 'peer: readMessagesBatch', value: peerRead.eventsPerSecond, unit: 'events/s', detail: readDetail(peerRead) });

  report.ratio('append 1 txn/command: ours / limit', oursSingle.commandsPerSecond, rawSingle.commandsPerSecond, 'commands/s, one caller');
  report.ratio(`append batched: ours / limit`, oursBatched.figures.commandsPerSecond, rawBatched.figures.commandsPerSecond, `${batchSize} per transaction`);
  report.ratio('append 64 callers: ours / limit batched', oursConcurrent.commandsPerSecond, rawBatched.figures.commandsPerSecond, 'group commit vs raw batches');
  report.ratio('read: ours / limit', oursRead.eventsPerSecond, rawRead.eventsPerSecond, 'events/s');
  report.ratio('append 1 txn/command: ours / peer', oursSingle.commandsPerSecond, peerSingle.commandsPerSecond, 'peer on a long-lived connection');
  report.ratio('append 1 caller: ours / peer store API', oursSingle.commandsPerSecond, peerStore.commandsPerSecond, "peer's public API");
  report.ratio('append batched: ours / peer', oursBatched.figures.commandsPerSecond, peerBatched.figures.commandsPerSecond, `${batchSize} per transaction`);
  report.ratio('read: ours / peer', oursRead.eventsPerSecond, peerRead.eventsPerSecond, 'events/s');
  report.target('faster than the peer on append', `ours/peer ${(oursSingle.commandsPerSecond / peerSingle.commandsPerSecond).toFixed(2)}× (1 txn/command), ${(oursBatched.figures.commandsPerSecond / peerBatched.figures.commandsPerSecond).toFixed(2)}× (batched)`,
    oursSingle.commandsPerSecond > peerSingle.commandsPerSecond && oursBatched.figures.commandsPerSecond > peerBatched.figures.commandsPerSecond);
  report.target('faster than the peer on read', `ours/peer ${(oursRead.eventsPerSecond / peerRead.eventsPerSecond).toFixed(2)}×`, oursRead.eventsPerSecond > peerRead.eventsPerSecond);
  report.extra['anchors'] = { rawSingle, rawBatched: rawBatched.figures, rawRead, oursSingle, oursConcurrent, oursBatched: oursBatched.figures, oursRead, peerStore, peerSingle, peerBatched: peerBatched.figures, peerRead };
};
