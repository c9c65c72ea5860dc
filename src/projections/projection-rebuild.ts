import type { EventStore } from '../event-store/event-store.port';
import type { Projection } from './projection';
import { activateBuild, activeBuild, createBuild, createQueryIndexes, dropRetiredBuilds, getBuild, listBuilds, retireBuild, type BuildRecord } from './projection-builds';
import { ProjectionRunner } from './projection.runner';
import type { ReadDatabase } from './read-database';
import type { WalCheckpoints } from '../shared/wal-checkpointer';

/**
 * Blue/green rebuild: each projection gets a fresh build (new tables) that is filled from position 0
 * while the active build keeps answering queries (and keeps being advanced by a running server).
 * Only when the fresh build has caught up with the active one does a single transaction switch them;
 * the old tables are then dropped. A server's runner notices the switch at its next batch and
 * continues on the new build from that build's checkpoint, which is at least where the old one was.
 */

/** Catch-up rounds before giving up on switching (the active build keeps moving under heavy writes). */
export const MAX_SWITCH_ATTEMPTS = 50;
export const REBUILD_BATCH_SIZE = 2000;

/** What the rebuild reports as it goes (the CLI draws a progress bar from it). */
export interface RebuildProgress {
  /** The store's head when the rebuild starts: the position to reach. */
  start(headPosition: bigint): void;
  /** After each committed batch: how many events it held and the position reached. */
  advance(events: number, position: bigint): void;
  stop(): void;
}

export interface RebuildOptions {
  readonly store: EventStore;
  readonly db: ReadDatabase;
  readonly projections: readonly Projection[];
  readonly batchSize?: number;
  readonly clock?: () => Date;
  readonly progress?: RebuildProgress;
  /** Where the read database's WAL checkpoints run while the rebuild writes (see ProjectionRunnerOptions). */
  readonly walCheckpoints?: WalCheckpoints;
}

export interface RebuildResult {
  readonly name: string;
  readonly version: number;
  readonly previous: { readonly version: number; readonly build: number } | null;
  readonly build: number;
  readonly position: string;
}

export class RebuildRefused extends Error {
  override readonly name = 'RebuildRefused';
}

export const rebuildProjections = async (options: RebuildOptions): Promise<RebuildResult[]> => {
  const clock = options.clock ?? (() => new Date());
  const { db, projections } = options;
  const previous = new Map(projections.map((projection) => [projection.name, activeBuild(db, projection.name)]));
  refuseDowngrades(projections, previous);
  const builds = db
    .transaction(() =>
      projections.map((projection) => {
        discardAbandonedRebuilds(db, projection, clock().toISOString());
        return createBuild(db, projection, 'building', clock().toISOString());
      }),
    )
    .immediate();
  // One runner for all of them: the log is read once, whatever the number of projections rebuilt.
  const runner = new ProjectionRunner(options.store, db, projections, {
    // A rebuild reads the whole log: larger batches mean fewer commits, still bounded by MAX_BATCH_SIZE.
    batchSize: options.batchSize ?? REBUILD_BATCH_SIZE,
    clock,
    mode: { kind: 'rebuild', builds },
    onBatch: (events, position) => options.progress?.advance(events, position),
    walCheckpoints: options.walCheckpoints,
  });
  options.progress?.start(await options.store.headPosition());
  try {
    await switchWhenCaughtUp(runner, db, projections, builds, clock);
  } catch (error: unknown) {
    discard(db, builds, clock().toISOString());
    throw error;
  } finally {
    options.progress?.stop();
    await runner.stop();
  }
  return builds.map((build) => resultOf(db, build, previous.get(build.name) ?? null));
};

/** Refuses to replace an active build made by newer code: that would silently roll a projection back. */
const refuseDowngrades = (projections: readonly Projection[], previous: ReadonlyMap<string, BuildRecord | null>): void => {
  for (const projection of projections) {
    const active = previous.get(projection.name);
    if (active && active.version > projection.version) {
      throw new RebuildRefused(`${projection.name}: the active build is version ${active.version}, newer than this code's version ${projection.version}`);
    }
  }
};

const switchWhenCaughtUp = async (
  runner: ProjectionRunner,
  db: ReadDatabase,
  projections: readonly Projection[],
  builds: readonly BuildRecord[],
  clock: () => Date,
): Promise<void> => {
  const projectionOf = (build: BuildRecord): Projection => projections.find((projection) => projection.name === build.name)!;
  for (let attempt = 1; attempt <= MAX_SWITCH_ATTEMPTS; attempt += 1) {
    await runner.catchUp();
    const failed = builds.map((build) => getBuild(db, build.name, build.build)!).find((build) => build.error !== null);
    if (failed) throw new Error(`rebuild failed, the old builds still answer: ${failed.error}`);
    // The builds were filled without query indexes; each is built once, outside the switch's transaction.
    if (attempt === 1) for (const build of builds) createQueryIndexes(db, projectionOf(build), build.build);
    if (trySwitch(db, builds, projectionOf, clock().toISOString())) return;
  }
  throw new Error(`rebuild did not catch up with the active builds within ${MAX_SWITCH_ATTEMPTS} rounds; the old builds still answer`);
};

/**
 * The switch, in one IMMEDIATE transaction: only when every fresh build is at least as far as the
 * build it replaces (which a server may still be advancing) are they all activated at once.
 */
const trySwitch = (db: ReadDatabase, builds: readonly BuildRecord[], projectionOf: (build: BuildRecord) => Projection, now: string): boolean =>
  db
    .transaction(() => {
      const ready = builds.every((build) => {
        const fresh = getBuild(db, build.name, build.build)!;
        const active = activeBuild(db, build.name);
        return fresh.error === null && (!active || active.build === fresh.build || fresh.position >= active.position);
      });
      if (!ready) return false;
      for (const build of builds) {
        activateBuild(db, projectionOf(build), build.build, now);
        dropRetiredBuilds(db, build.name);
      }
      return true;
    })
    .immediate();

/**
 * A build left in `building` beside an active build of the same version can only come from a rebuild
 * that was interrupted (a new version in code builds beside an active build of another version), so
 * the next rebuild removes it. Rebuilds of one projection are meant to run one at a time.
 */
const discardAbandonedRebuilds = (db: ReadDatabase, projection: Projection, now: string): void => {
  const active = activeBuild(db, projection.name);
  if (!active || active.version !== projection.version) return;
  const abandoned = listBuilds(db, projection.name).filter((build) => build.status === 'building' && build.version === projection.version);
  discard(db, abandoned, now);
};

/** Retires and drops builds that will never answer (a failed or abandoned rebuild). */
const discard = (db: ReadDatabase, builds: readonly BuildRecord[], now: string): void => {
  db.transaction(() => {
    for (const build of builds) retireBuild(db, build.name, build.build, now);
    for (const name of new Set(builds.map((build) => build.name))) dropRetiredBuilds(db, name);
  }).immediate();
};

const resultOf = (db: ReadDatabase, build: BuildRecord, previous: BuildRecord | null): RebuildResult => {
  const current = getBuild(db, build.name, build.build)!;
  return {
    name: build.name,
    version: build.version,
    previous: previous ? { version: previous.version, build: previous.build } : null,
    build: build.build,
    position: current.position.toString(),
  };
};
