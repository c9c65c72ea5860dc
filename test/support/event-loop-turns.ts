/** One turn of the event loop: what a group commit scheduled with `setImmediate` has had time to do. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Where a promise stands after one more turn of the event loop, without waiting for it to settle. */
export const settledState = async (promise: Promise<unknown>): Promise<'pending' | 'resolved' | 'rejected'> => {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  promise.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  await nextTurn();
  return state;
};

/** `work`'s result and how many turns the event loop took while it ran: few when it held the loop, many when it let other work in. */
export const turnsDuring = async <T>(work: () => Promise<T>): Promise<{ readonly result: T; readonly turns: number }> => {
  let turns = 0;
  let running = true;
  const count = (): void => {
    turns += 1;
    if (running) setImmediate(count);
  };
  setImmediate(count);
  try {
    return { result: await work(), turns };
  } finally {
    running = false;
  }
};
