import { pagesInTurns } from '../shared/loop-turns';
import type { PersonYearKey, ReadModels } from './read-models';

/** How long a reassessment waits for the projections to reach the store's head before scanning the log instead. */
export const PERSON_YEAR_INDEX_WAIT_MS = 5_000;
/** Person-years read in one turn of the event loop (a few milliseconds of SQLite on the covering index). */
export const PERSON_YEAR_PAGE = 4_096;
/** Bound of the paging loop: 100,000 pages are 409,600,000 person-years, far beyond any region-year. */
export const MAX_PERSON_YEAR_PAGES = 100_000;

/** The one thing the index needs of the runner: to know the read models have caught up with a position. */
export interface PositionWaiter {
  waitForPosition(position: bigint, timeoutMs: number): Promise<boolean>;
}

/**
 * The person-year index of a region-wide reassessment (the ledger's `PersonYearIndex`), answered
 * from the usage projection's claim rows once the projections have caught up with the head the
 * reassessment started from; null when they do not in time, so the ledger falls back to its scan.
 * The rows are read in pages with a turn of the event loop between them: a province's region-year
 * is millions of person-years, and requests beside the reassessment keep being answered. A row
 * projected between two pages belongs to a claim settled after the reassessment started, under the
 * revisions it applies, so listing it or not changes nothing it decides. Structural, so the
 * projections do not depend on the ledger.
 */
export class ReadModelPersonYearIndex {
  constructor(
    private readonly models: ReadModels,
    private readonly runner: PositionWaiter,
    private readonly waitMs = PERSON_YEAR_INDEX_WAIT_MS,
    private readonly pageSize = PERSON_YEAR_PAGE,
  ) {}

  async personYearsInRegion(region: string, from: string, to: string, head: bigint): Promise<PersonYearKey[] | null> {
    if (!(await this.runner.waitForPosition(head, this.waitMs))) return null;
    const found: PersonYearKey[] = [];
    for await (const rows of pagesInTurns(this.pages(region, from, to))) {
      if (rows === null) return null;
      found.push(...rows);
    }
    return found;
  }

  /** The region's person-years in keyset pages; null when the projection has no build. */
  private async *pages(region: string, from: string, to: string): AsyncGenerator<PersonYearKey[] | null> {
    let after: PersonYearKey | null = null;
    for (let page = 0; page < MAX_PERSON_YEAR_PAGES; page += 1) {
      const rows = this.models.personYearsInRegionAfter(region, from, to, after, this.pageSize);
      yield rows;
      if (rows === null || rows.length < this.pageSize) return;
      after = rows[rows.length - 1]!;
    }
    throw new RangeError(`the region index of ${region} holds more than ${MAX_PERSON_YEAR_PAGES} pages of person-years`);
  }
}
