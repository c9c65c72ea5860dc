import type { EventFilter, EventStore, RecordedEvent } from './event-store.port';

/**
 * The one bound on a paged walk over a stream or `$all`, in events: far beyond any real ledger (a
 * province's decade is about 10^8 events), yet finite, so a store that keeps answering full pages
 * without advancing is caught instead of looping forever.
 */
export const PAGED_READ_EVENTS_MAX = 10_000_000_000;

/** Pages of `pageSize` events a walk may read under PAGED_READ_EVENTS_MAX. */
export const pagesMax = (pageSize: number): number => {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`page size must be a positive integer, got ${pageSize}`);
  return Math.ceil(PAGED_READ_EVENTS_MAX / pageSize);
};

const exhausted = (what: string): Error => new RangeError(`${what} is longer than ${PAGED_READ_EVENTS_MAX} events (PAGED_READ_EVENTS_MAX)`);

export interface AllPagesOptions {
  /** Exclusive lower bound: the global position the walk starts after. */
  readonly after: bigint;
  readonly pageSize: number;
  readonly filter?: EventFilter;
  /** Stop once a page reaches this position (a catch-up to the head as of its start). */
  readonly until?: bigint;
}

/**
 * Pages of `$all` in global order, each at most `pageSize` events; ends after a short page, an
 * empty one, or one that reaches `until`. The caller may stop early (a `break` ends the walk).
 */
export async function* pagesOfAll(store: EventStore, options: AllPagesOptions): AsyncGenerator<RecordedEvent[]> {
  let after = options.after;
  const maxPages = pagesMax(options.pageSize);
  for (let page = 0; page < maxPages; page += 1) {
    if (options.until !== undefined && after >= options.until) return;
    const events = await store.readAll({ afterPosition: after, maxCount: options.pageSize, filter: options.filter });
    if (events.length === 0) return;
    yield events;
    if (events.length < options.pageSize) return;
    after = events[events.length - 1]!.position;
  }
  throw exhausted('$all');
}

/** Pages of one stream, forwards from revision `from` (0n: the start), each at most `pageSize` events. */
export async function* pagesOfStream(store: EventStore, stream: string, options: { readonly from?: bigint; readonly pageSize: number }): AsyncGenerator<RecordedEvent[]> {
  let from = options.from ?? 0n;
  const maxPages = pagesMax(options.pageSize);
  for (let page = 0; page < maxPages; page += 1) {
    const events = await store.readStream(stream, { from, direction: 'forwards', maxCount: options.pageSize });
    if (events.length === 0) return;
    yield events;
    if (events.length < options.pageSize) return;
    from = events[events.length - 1]!.revision + 1n;
  }
  throw exhausted(`stream ${stream}`);
}
