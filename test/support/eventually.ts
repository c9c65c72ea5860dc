const POLL_MS = 20;
const POLL_LIMIT = 500;

/**
 * Waits for `condition`, polling every 20 ms at most 500 times (10 s), and fails naming `what` when
 * it never holds: for what another thread does in its own time (a checkpoint, a projection).
 */
export const eventually = async (what: string, condition: () => boolean): Promise<void> => {
  for (let poll = 0; poll < POLL_LIMIT; poll += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`never happened: ${what}`);
};
