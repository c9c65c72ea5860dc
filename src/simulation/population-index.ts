import type { Population } from './recorded-population';

/**
 * Where a simulation finds who it replays without scanning the log: the person-years of a region's
 * year with a claim, and the persons of the region enrolled for the year, from the read models.
 *
 * The read models may lag the store: an implementation answers only once they have projected
 * `position` (the store's head when the simulation started), and answers null when it cannot say
 * (no read models, no build yet, or not caught up in time), in which case the simulation scans the
 * log as before. The answer may name person-years or enrollments recorded after `position`; the
 * simulation folds every stream at `position`, and leaves out what was not recorded by then.
 */
export interface PopulationIndex {
  populationOf(region: string, year: number, position: bigint): Promise<Population | null>;
}
