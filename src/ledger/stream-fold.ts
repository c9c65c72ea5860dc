import type { Decider } from '../domain/decider';
import type { LedgerEvent } from '../domain/ledger.events';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { pagesOfStream } from '../event-store/paging';

export const toLedgerEvent = (event: RecordedEvent): LedgerEvent => ({ type: event.type, data: event.data }) as LedgerEvent;

/** A stream's state as folded up to a revision. */
export interface FoldedStream<S> {
  readonly state: S;
  /** Revision of the last event folded into `state`, or -1n when the stream is empty. */
  readonly revision: bigint;
  /** Chain hash of the event at `revision` ('' before the first). */
  readonly hash: string;
}

export const emptyFold = <C, S, E>(decider: Decider<C, S, E>): FoldedStream<S> => ({ state: decider.initialState(), revision: -1n, hash: '' });

/**
 * Folds the events after `start` into its state, in bounded pages. When `start` is a state kept
 * apart from the stream (state-snapshots.ts), the next event must link to it (its `prevHash` is the
 * kept hash); null when it does not. From the stream's start there is nothing to link to.
 */
export const foldStream = async <C, S, E extends LedgerEvent>(
  store: EventStore,
  stream: string,
  decider: Decider<C, S, E>,
  start: FoldedStream<S>,
  pageSize: number,
): Promise<FoldedStream<S> | null> => {
  let { state, revision, hash } = start;
  for await (const events of pagesOfStream(store, stream, { pageSize, from: revision + 1n })) {
    if (revision === start.revision && revision >= 0n && events[0]!.metadata.prevHash !== start.hash) return null;
    for (const event of events) state = decider.evolve(state, toLedgerEvent(event) as E);
    const last = events[events.length - 1]!;
    revision = last.revision;
    hash = last.metadata.hash;
  }
  return { state, revision, hash };
};
