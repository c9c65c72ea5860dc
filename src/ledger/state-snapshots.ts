import type { Decider, StateCodec } from '../domain/decider';
import type { LedgerEvent } from '../domain/ledger.events';
import type { EventStore, StreamHeadSource } from '../event-store/event-store.port';
import type { StateSnapshotStore } from '../event-store/state-snapshots.port';
import { emptyFold, foldStream, type FoldedStream } from './stream-fold';

/** Kept states and the store's stream heads they are checked against. */
export interface StateSnapshots {
  readonly kept: StateSnapshotStore;
  readonly heads: StreamHeadSource;
}

/**
 * Folds a stream from its kept state and the events after it, and keeps the state it ends with when
 * that is newer. A kept state is trusted only while the store still holds the event it ends with:
 * the stream's head must be that event (same revision, same chain hash) or come after it, and then
 * the next event's `prevHash` must be that hash. Each event's hash covers every event before it, so
 * a stream that was replaced, truncated or written over is folded from its start, as without
 * snapshots. Which states to keep and when to write them is the snapshot store's owner's choice.
 */
export const readThroughSnapshots = async <C, S, E extends LedgerEvent>(
  store: EventStore,
  snapshots: StateSnapshots,
  stream: string,
  decider: Decider<C, S, E>,
  codec: StateCodec<S>,
  pageSize: number,
): Promise<FoldedStream<S>> => {
  const kept = await keptStart(snapshots, stream, codec);
  // The head is the kept state's own event: nothing to read (most streams, between two corrections).
  if (kept?.current) return kept.start;
  const folded = (kept && (await foldStream(store, stream, decider, kept.start, pageSize))) ?? (await foldStream(store, stream, decider, emptyFold(decider), pageSize))!;
  if (folded.revision > (kept?.start.revision ?? -1n)) {
    snapshots.kept.keep(stream, codec.format, { revision: folded.revision, hash: folded.hash, state: JSON.stringify(codec.encode(folded.state)) });
  }
  return folded;
};

/** The kept state, if the store still holds its last event, and whether that event is the stream's head. */
const keptStart = async <S>(snapshots: StateSnapshots, stream: string, codec: StateCodec<S>): Promise<{ start: FoldedStream<S>; current: boolean } | null> => {
  const kept = snapshots.kept.read(stream, codec.format);
  if (kept === undefined || kept.revision < 0n) return null;
  const head = await snapshots.heads.streamHead(stream);
  if (head === null || head.revision < kept.revision) return null;
  const current = head.revision === kept.revision;
  if (current && head.hash !== kept.hash) return null;
  return { start: { state: codec.decode(JSON.parse(kept.state)), revision: kept.revision, hash: kept.hash }, current };
};
