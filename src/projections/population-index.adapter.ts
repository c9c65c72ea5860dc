import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PositionWaiter } from './person-year-index.adapter';
import { READ_DATABASE_BUSY_TIMEOUT_MS, READ_DATABASE_FILE, type ReadDatabase } from './read-database';
import { ReadModels } from './read-models';

/** How long a simulation waits for the read models to reach the store's head before scanning the log instead. */
export const POPULATION_INDEX_WAIT_MS = 5_000;
/** How often a connection of its own looks at the checkpoints while it waits. */
const CHECKPOINT_POLL_MS = 50;
/** The projections a simulation's population is read from: claims by region and date, enrollments, registrations. */
export const POPULATION_PROJECTIONS = ['person-year-usage', 'subsidy-status', 'identity-timeline'] as const;

/**
 * Who a region's year of simulation replays (the simulation's `PopulationIndex`), from the read
 * models once they have projected the position the simulation reads at; null when they do not in
 * time, so the simulation falls back to its scan of the log. Structural, so the projections do not
 * depend on the simulation.
 */
export class ReadModelPopulationIndex {
  constructor(
    private readonly models: ReadModels,
    private readonly waiter: PositionWaiter,
    private readonly waitMs = POPULATION_INDEX_WAIT_MS,
  ) {}

  async populationOf(region: string, year: number, position: bigint): Promise<{ personYears: string[]; enrolledPersons: string[] } | null> {
    if (!(await this.waiter.waitForPosition(position, this.waitMs))) return null;
    const personYears = this.models.personYearsInRegion(region, `${year}-01-01`, `${year}-12-31`);
    const enrolledPersons = this.models.enrolledPersonsInRegion(region, year);
    if (personYears === null || enrolledPersons === null) return null;
    return { personYears: personYears.map((personYear) => personYear.personId), enrolledPersons };
  }
}

/**
 * Waits for a position by reading the active builds' checkpoints, for a connection that is not the
 * runner's (a simulation thread has its own): the runner, in the service, moves them.
 */
export class CheckpointWaiter implements PositionWaiter {
  constructor(
    private readonly models: ReadModels,
    private readonly projections: readonly string[] = POPULATION_PROJECTIONS,
  ) {}

  async waitForPosition(position: bigint, timeoutMs: number): Promise<boolean> {
    const polls = Math.max(0, Math.ceil(timeoutMs / CHECKPOINT_POLL_MS));
    for (let poll = 0; poll <= polls; poll += 1) {
      const projected = this.models.projectedPosition(this.projections);
      if (projected !== null && projected >= position) return true;
      if (poll < polls) await new Promise((resolve) => setTimeout(resolve, CHECKPOINT_POLL_MS));
    }
    return false;
  }
}

/**
 * The population index of a data directory, on a connection of its own, when its read database
 * exists (the service has projected into it); null otherwise, and the simulation scans the log.
 * Nothing is created or migrated: the runner owns the schema.
 */
export const openPopulationIndex = (dataDir: string, waitMs = POPULATION_INDEX_WAIT_MS): { index: ReadModelPopulationIndex; close: () => void } | null => {
  const path = join(dataDir, READ_DATABASE_FILE);
  if (!existsSync(path)) return null;
  const db: ReadDatabase = new Database(path, { fileMustExist: true });
  db.pragma(`busy_timeout = ${READ_DATABASE_BUSY_TIMEOUT_MS}`);
  const models = new ReadModels(db);
  return { index: new ReadModelPopulationIndex(models, new CheckpointWaiter(models), waitMs), close: () => db.close() };
};
