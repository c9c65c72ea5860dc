import type { Projection } from './projection';
import { activateBuild, activeBuild, createBuild, createQueryIndexes, dropRetiredBuilds, getBuild, listBuilds, type BuildRecord } from './projection-builds';
import type { ReadDatabase } from './read-database';

/**
 * `serve` (default): the runner serves the active build of each projection, creating or
 * blue/green-building one for the code's version as needed. `rebuild`: it serves only the builds
 * given (a rebuild into fresh tables, see projection-rebuild.ts).
 */
export type RunnerMode = { readonly kind: 'serve' } | { readonly kind: 'rebuild'; readonly builds: readonly BuildRecord[] };

export interface Target {
  readonly projection: Projection;
  /** Builds this runner writes for the projection (usually one; two while a new version is built beside the old). */
  builds: number[];
}

/**
 * Which builds the runner writes, and their lifecycle: created (active, or building beside an older
 * version), adopted from another process's rebuild, promoted once caught up, retired builds dropped.
 */
export class BuildLifecycle {
  readonly targets: Target[];
  private prepared = false;

  constructor(
    private readonly db: ReadDatabase,
    projections: readonly Projection[],
    private readonly mode: RunnerMode,
    private readonly clock: () => Date,
    private readonly log?: (level: 'info' | 'warn', message: string) => void,
  ) {
    const names = new Set(projections.map((projection) => projection.name));
    if (names.size !== projections.length) throw new Error('projection names must be unique');
    this.targets = projections.map((projection) => ({ projection, builds: [] }));
  }

  /** Decides which builds to write (creating them when missing). Idempotent. */
  prepare(): void {
    if (this.prepared) return;
    const mode = this.mode;
    this.db.transaction(() => {
      for (const target of this.targets) {
        target.builds = mode.kind === 'serve' ? this.serveBuilds(target.projection) : rebuildBuilds(mode.builds, target.projection);
      }
    }).immediate();
    this.prepared = true;
  }

  served(): BuildRecord[] {
    this.prepare();
    return this.targets.flatMap((target) => target.builds.map((build) => getBuild(this.db, target.projection.name, build)).filter(isBuild));
  }

  /**
   * Inside the batch transaction: forget builds another process retired (a rebuild switched over and
   * will drop their tables) and adopt the build it activated, whose checkpoint is at least where the
   * retired one was, so continuing from it loses nothing.
   */
  refresh(target: Target): void {
    if (this.mode.kind === 'rebuild') return;
    const { name, version } = target.projection;
    const active = activeBuild(this.db, name);
    const kept = target.builds.filter((build) => isWritable(getBuild(this.db, name, build)));
    if (active && active.version === version && !kept.includes(active.build)) kept.push(active.build);
    target.builds = kept;
  }

  /** A build made for a new version becomes the answering one once it has caught up with the head. */
  promoteCaughtUp(head: bigint): void {
    if (this.mode.kind === 'rebuild') return;
    const now = this.clock().toISOString();
    const caughtUp = (target: Target, buildNumber: number): BuildRecord | null => {
      const build = getBuild(this.db, target.projection.name, buildNumber);
      return build?.status === 'building' && build.position >= head ? build : null;
    };
    // The indexes first, each in its own statement: the switch below then holds the write lock briefly.
    for (const target of this.targets) for (const buildNumber of target.builds) if (caughtUp(target, buildNumber)) createQueryIndexes(this.db, target.projection, buildNumber);
    this.db.transaction(() => {
      for (const target of this.targets) {
        for (const buildNumber of target.builds) {
          const build = caughtUp(target, buildNumber);
          if (build === null) continue;
          activateBuild(this.db, target.projection, build.build, now);
          dropRetiredBuilds(this.db, build.name);
          this.log?.('info', `projection ${build.name} version ${build.version} (build ${build.build}) caught up and now answers queries`);
        }
        target.builds = target.builds.filter((build) => isWritable(getBuild(this.db, target.projection.name, build)));
      }
    }).immediate();
  }

  /** Serve mode: the active build of the code's version, or a new build beside an older active one. */
  private serveBuilds(projection: Projection): number[] {
    const now = this.clock().toISOString();
    const active = activeBuild(this.db, projection.name);
    if (active && active.version === projection.version) return [active.build];
    const resumable = listBuilds(this.db, projection.name).filter((build) => build.version === projection.version && build.status === 'building');
    const latest = resumable[resumable.length - 1];
    // With nothing answering yet, the new build answers at once and fills up like any lagging projection.
    if (!active) {
      if (latest) activateBuild(this.db, projection, latest.build, now);
      return [latest ? latest.build : createBuild(this.db, projection, 'active', now).build];
    }
    return [latest ? latest.build : createBuild(this.db, projection, 'building', now).build];
  }
}

/** Rebuild mode serves exactly the builds it was given for this projection. */
const rebuildBuilds = (builds: readonly BuildRecord[], projection: Projection): number[] =>
  builds.filter((build) => build.name === projection.name).map((build) => build.build);

const isBuild = (build: BuildRecord | null): build is BuildRecord => build !== null;

/** Retired and dropped builds are never written again (their tables are, or are about to be, gone). */
const isWritable = (build: BuildRecord | null): boolean => build !== null && (build.status === 'active' || build.status === 'building');
