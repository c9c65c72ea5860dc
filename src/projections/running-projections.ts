import type { LagReport } from './projection.runner';

/**
 * What the service needs from the projections that keep its read models current, whether they run
 * in its own event loop (`ProjectionRunner`) or on a thread of their own (`ThreadedProjectionRunner`).
 */
export interface RunningProjections {
  /** Catches up with the store, then follows it until `stop()`. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** True once every read model that answers queries holds `position` (read-your-writes); false after `timeoutMs`. */
  waitForPosition(position: bigint, timeoutMs: number): Promise<boolean>;
  /** State, head and checkpoint of every build: what `/health` and the metrics report. */
  lag(): Promise<LagReport>;
}
