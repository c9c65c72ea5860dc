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
