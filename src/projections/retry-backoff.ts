/**
 * How the read side retries what failed (a live subscription, the projection thread): a bounded number
 * of times in a row, each wait twice the one before, capped, so a store that is down for a while is
 * not hammered and one that comes back is followed again within half a minute.
 */
export const MAX_CONSECUTIVE_FAILURES = 8;
const RETRY_BASE_DELAY_MS = 250;
const RETRY_MAX_DELAY_MS = 30_000;

/** The wait before the retry after the `failures`-th failure in a row (1-based). */
export const retryDelayMs = (failures: number): number => Math.min(RETRY_BASE_DELAY_MS * 2 ** (Math.max(1, failures) - 1), RETRY_MAX_DELAY_MS);
