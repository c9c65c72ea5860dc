import { MAX_ITEMS_PER_TURN, nextTurnSize, pagesInTurns, startInTurns, TurnBudget } from '../../src/shared/loop-turns';

/** A clock the items move: each item "works" for the milliseconds it is given. */
const fakeClock = (): { now: () => number; work: (ms: number) => void } => {
  let time = 0;
  return { now: () => time, work: (ms) => (time += ms) };
};

describe('startInTurns: work started a few items per turn of the event loop', () => {
  it('given items of 10 ms and turns of 20 ms, when started, then the loop turns between every two items and the results keep their order', async () => {
    const clock = fakeClock();
    let turnsSeen = 0;
    const turnOfItem: number[] = [];
    const start = async (item: number): Promise<string> => {
      turnOfItem.push(turnsSeen);
      clock.work(10);
      // Other work queued on the loop: it runs only when the loop turns.
      setImmediate(() => (turnsSeen += 1));
      return `result ${item}`;
    };

    const results = await startInTurns([0, 1, 2, 3, 4, 5, 6], start, 20, clock.now);

    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6].map((item) => `result ${item}`));
    // One item in the first turn, then two a turn: 20 ms of work each.
    expect(turnOfItem).toEqual([0, 1, 1, 3, 3, 5, 5]);
  });

  it('given the second item fails, when started, then the failure is returned and nothing is started after its turn', async () => {
    const clock = fakeClock();
    const startedItems: number[] = [];
    const start = async (item: number): Promise<number> => {
      startedItems.push(item);
      clock.work(1);
      if (item === 1) throw new Error('item 1 failed');
      return item;
    };

    await expect(startInTurns([0, 1, 2, 3, 4, 5, 6, 7, 8], start, 20, clock.now)).rejects.toThrow('item 1 failed');
    // Turn 1 started item 0, turn 2 items 1 and 2; the failure stopped the rest.
    expect(startedItems).toEqual([0, 1, 2]);
  });

  it('given no items, when started, then it answers at once with none', async () => {
    await expect(startInTurns([], async () => 1)).resolves.toEqual([]);
  });
});

describe('nextTurnSize: how many items the next turn starts', () => {
  it.each([
    { perTurn: 1, tookMs: 0, expected: 2, why: 'a turn that took no time doubles' },
    { perTurn: 8, tookMs: 2, expected: 16, why: 'growth is at most twofold' },
    { perTurn: 8, tookMs: 40, expected: 4, why: 'a turn twice too long halves' },
    { perTurn: 8, tookMs: 500, expected: 1, why: 'never fewer than one' },
    { perTurn: 1000, tookMs: 1, expected: MAX_ITEMS_PER_TURN, why: 'never more than the bound' },
  ])('$why', ({ perTurn, tookMs, expected }) => {
    expect(nextTurnSize(perTurn, tookMs, 20)).toBe(expected);
  });
});

describe('pagesInTurns: a walk over the log that lets the event loop turn after each page', () => {
  it('given three pages read without a turn of their own, when walked, then work queued during a page runs before the next one', async () => {
    let otherWorkRan = false;
    async function* pages(): AsyncGenerator<number> {
      for (const page of [1, 2, 3]) {
        setImmediate(() => (otherWorkRan = true));
        yield page;
      }
    }
    const seen: Array<[number, boolean]> = [];

    for await (const page of pagesInTurns(pages())) {
      seen.push([page, otherWorkRan]);
      otherWorkRan = false;
    }

    // Without the turns, the queued work would run only after the walk.
    expect(seen).toEqual([
      [1, false],
      [2, true],
      [3, true],
    ]);
  });
});

describe('TurnBudget: a loop of items done one after another, with a turn whenever its time is spent', () => {
  it('given items of 8 ms and a budget of 20 ms, when each item spends first, then the loop turns before every third item', async () => {
    const clock = fakeClock();
    const budget = new TurnBudget(20, clock.now);
    let otherWorkRan = false;
    const turnedBefore: boolean[] = [];

    for (let item = 0; item < 7; item += 1) {
      setImmediate(() => (otherWorkRan = true));
      await budget.spend();
      turnedBefore.push(otherWorkRan);
      otherWorkRan = false;
      clock.work(8);
    }

    // 0 ms, 8, 16: within the budget; 24: a turn, then 8, 16 again; 24: a turn.
    expect(turnedBefore).toEqual([false, false, false, true, false, false, true]);
  });
});
