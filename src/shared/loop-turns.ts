import { setImmediate as nextTurn } from 'node:timers/promises';

/** About how long one turn of the event loop may be held by work started in turns (requests wait that long at most). */
export const TURN_MS = 20;
/** The most items started in one turn, however cheap they prove. */
export const MAX_ITEMS_PER_TURN = 1024;

/**
 * Starts `start(item)` for every item, a few per turn of the event loop, and resolves with their
 * results in order. The items' own synchronous work (better-sqlite3 reads, decisions) runs in the
 * microtasks of the turn that started them, so started all at once they would hold the event loop
 * until the last had decided: seconds for a wave of a broad correction. Each turn starts as many as
 * the last turn's length says fit in `turnMs` (at most twice as many as the turn before), and then
 * lets the loop answer what is waiting. Work an item awaits beyond its turn (a group commit's sync)
 * is not waited for before the next turn, so items of consecutive turns still share commits.
 */
export const startInTurns = async <T, R>(items: readonly T[], start: (item: T) => Promise<R>, turnMs = TURN_MS, now: () => number = performance.now.bind(performance)): Promise<R[]> => {
  const started: Array<Promise<R>> = [];
  let failed = false;
  let perTurn = 1;
  // Bounded by the items: every turn starts at least one. After a failure nothing more is started,
  // and the failure is what the caller gets.
  while (started.length < items.length && !failed) {
    const began = now();
    for (const item of items.slice(started.length, started.length + perTurn)) {
      const result = start(item);
      // Handled at once: an item that fails turns before `Promise.all` below is reached would be reported unhandled.
      result.catch(() => (failed = true));
      started.push(result);
    }
    await nextTurn();
    perTurn = nextTurnSize(perTurn, now() - began, turnMs);
  }
  return Promise.all(started);
};

/** Scales the items of a turn to the time the last one took, growing at most twofold and within [1, MAX_ITEMS_PER_TURN]. */
export const nextTurnSize = (perTurn: number, tookMs: number, turnMs: number): number => {
  const fitting = tookMs > 0 ? Math.floor((perTurn * turnMs) / tookMs) : 2 * perTurn;
  return Math.max(1, Math.min(2 * perTurn, fitting, MAX_ITEMS_PER_TURN));
};

/**
 * For a loop on the event loop that does its items one after another (each awaits reads that are
 * synchronous underneath, so it never yields on its own): `spend()` at each item takes a turn of the
 * event loop whenever about `turnMs` has passed since the last one, so a file of a hundred thousand
 * rows does not hold every request while it is checked.
 */
export class TurnBudget {
  private since: number;

  constructor(
    private readonly turnMs = TURN_MS,
    private readonly now: () => number = performance.now.bind(performance),
  ) {
    this.since = now();
  }

  async spend(): Promise<void> {
    if (this.now() - this.since < this.turnMs) return;
    await nextTurn();
    this.since = this.now();
  }
}

/**
 * The pages of a walk over the log, with a turn of the event loop after each: a walk on the service's
 * event loop over a part of the log that grows with it (a scan for a reassessment, an export) reads
 * its pages synchronously (better-sqlite3), so without the turns it would hold every request until
 * its last page.
 */
export async function* pagesInTurns<P>(pages: AsyncIterable<P>): AsyncGenerator<P> {
  for await (const page of pages) {
    yield page;
    await nextTurn();
  }
}
