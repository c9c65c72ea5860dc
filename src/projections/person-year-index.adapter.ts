import type { ReadModels } from './read-models';

/** How long a reassessment waits for the projections to reach the store's head before scanning the log instead. */
export const PERSON_YEAR_INDEX_WAIT_MS = 5_000;

/** The one thing the index needs of the runner: to know the read models have caught up with a position. */
export interface PositionWaiter {
  waitForPosition(position: bigint, timeoutMs: number): Promise<boolean>;
}

/**
 * The person-year index of a region-wide reassessment (the ledger's `PersonYearIndex`), answered
 * from the usage projection's claim rows once the projections have caught up with the head the
 * reassessment started from; null when they do not in time, so the ledger falls back to its scan.
 * Structural, so the projections do not depend on the ledger.
 */
export class ReadModelPersonYearIndex {
  constructor(
    private readonly models: ReadModels,
    private readonly runner: PositionWaiter,
    private readonly waitMs = PERSON_YEAR_INDEX_WAIT_MS,
  ) {}

  async personYearsInRegion(region: string, from: string, to: string, head: bigint): Promise<Array<{ personId: string; year: number }> | null> {
    if (!(await this.runner.waitForPosition(head, this.waitMs))) return null;
    return this.models.personYearsInRegion(region, from, to);
  }
}
