import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore, ReadAllOptions, RecordedEvent } from '../event-store/event-store.port';
import type { Projection } from './projection';
import { activeBuild, type BuildRecord } from './projection-builds';
import { REBUILD_BATCH_SIZE } from './projection-rebuild';
import { ProjectionRunner } from './projection.runner';
import { openReadDatabase, READ_DATABASE_FILE } from './read-database';
import { makeScratchDirectory, removeAbandonedScratchDirectories } from './scratch-directories';

/**
 * Checking the read models against the events. The read database is not hash-chained: someone with
 * file access could change what inspectors are shown (a person's cap usage, a claim's explanation)
 * and no verification of the store would see it. The read models are a function of the events, so
 * this builds every projection again into a scratch database, up to the very position each live
 * build has reached, and compares the two table by table, row by row (SQL `EXCEPT` both ways over
 * every column). Any difference means the live rows were edited, or that a projection's code changed
 * without a new version; either way `projections rebuild` puts them right.
 */

/** At most this many keys are named per table: enough to find the rows, short enough to read. */
export const DIFFERING_KEYS_SHOWN = 10;

export interface TableComparison {
  readonly projection: string;
  readonly table: string;
  readonly position: string;
  /** Rows of the live table no rebuild produces (edited or added). */
  readonly onlyLive: number;
  /** Rows the rebuild produces that the live table lacks (edited or deleted). */
  readonly onlyRebuilt: number;
  readonly keys: readonly string[];
}

export interface ReadModelCheck {
  readonly ok: boolean;
  readonly tables: readonly TableComparison[];
  /** Projections not compared, with why (no live build yet, or a live version this code does not build). */
  readonly skipped: ReadonlyArray<{ readonly projection: string; readonly reason: string }>;
}

export interface ReadModelCheckOptions {
  readonly store: EventStore;
  readonly dataDir: string;
  /** An empty directory for the scratch read database; the caller removes it. */
  readonly scratchDir: string;
  readonly projections: readonly Projection[];
  readonly onBatch?: (events: number, position: bigint) => void;
}

export const checkReadModels = async (options: ReadModelCheckOptions): Promise<ReadModelCheck> => {
  const scratch = openReadDatabase(options.scratchDir);
  // A read-only connection holds one snapshot of the live database for the whole check, so a
  // service projecting meanwhile changes nothing compared; the scratch file is attached before it.
  const live = new Database(join(options.dataDir, READ_DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    live.prepare('ATTACH DATABASE ? AS rebuilt').run(join(options.scratchDir, READ_DATABASE_FILE));
    live.exec('BEGIN');
    const { compared, skipped } = liveBuildsOf(live, options.projections);
    for (const [position, projections] of byPosition(compared)) {
      await new ProjectionRunner(new StoreUpTo(options.store, position), scratch, projections, { batchSize: REBUILD_BATCH_SIZE, onBatch: options.onBatch }).catchUp();
    }
    const tables = compared.flatMap(({ projection, build }) => compareTables(live, scratch, projection, build));
    live.exec('COMMIT');
    return { ok: tables.every((table) => table.onlyLive === 0 && table.onlyRebuilt === 0), tables, skipped };
  } finally {
    live.close();
    scratch.close();
  }
};

/** Scratch directories of `benefits-ledger projections verify`. */
export const CLI_CHECK_SCRATCH_PREFIX = '.read-models-check-';
/** Scratch directories of the service's scheduled check; no other runner uses this prefix, so stale ones are its own. */
export const SCHEDULED_CHECK_SCRATCH_PREFIX = '.read-models-scheduled-check-';

/**
 * The check with its scratch database in a new directory of the data directory (whose volume is
 * sized for the read models), named `scratchPrefix`, its owner and a random tail, removed at the end.
 * The directories of earlier runs under the prefix that were stopped hard are removed first
 * (`scratch-directories.ts`): without that, every interrupted run left a copy of the read models.
 */
export const checkReadModelsInDataDir = async (options: Omit<ReadModelCheckOptions, 'scratchDir'> & { readonly scratchPrefix: string }): Promise<ReadModelCheck> => {
  removeAbandonedScratchDirectories(options.dataDir, options.scratchPrefix);
  const scratchDir = makeScratchDirectory(options.dataDir, options.scratchPrefix);
  try {
    return await checkReadModels({ ...options, scratchDir });
  } finally {
    rmSync(scratchDir, { recursive: true, force: true });
  }
};

interface LiveBuild {
  readonly projection: Projection;
  readonly build: BuildRecord;
}

const liveBuildsOf = (live: Database.Database, projections: readonly Projection[]): { compared: LiveBuild[]; skipped: ReadModelCheck['skipped'] } => {
  const compared: LiveBuild[] = [];
  const skipped: Array<{ projection: string; reason: string }> = [];
  for (const projection of projections) {
    const build = activeBuild(live, projection.name);
    if (build === null) skipped.push({ projection: projection.name, reason: 'no live build yet' });
    else if (build.version !== projection.version) skipped.push({ projection: projection.name, reason: `the live build is version ${build.version}, this code builds version ${projection.version}` });
    else compared.push({ projection, build });
  }
  return { compared, skipped };
};

const byPosition = (builds: readonly LiveBuild[]): Map<bigint, Projection[]> => {
  const groups = new Map<bigint, Projection[]>();
  for (const { projection, build } of builds) groups.set(build.position, [...(groups.get(build.position) ?? []), projection]);
  return groups;
};

const compareTables = (live: Database.Database, scratch: Database.Database, projection: Projection, build: BuildRecord): TableComparison[] => {
  const rebuilt = activeBuild(scratch, projection.name);
  if (rebuilt === null) throw new Error(`the scratch rebuild of ${projection.name} has no build`);
  return projection.tables.map(({ name }) => {
    const mine = `main."${build.tables[name]}"`;
    const theirs = `rebuilt."${rebuilt.tables[name]}"`;
    const onlyLive = `SELECT * FROM ${mine} EXCEPT SELECT * FROM ${theirs}`;
    const onlyRebuilt = `SELECT * FROM ${theirs} EXCEPT SELECT * FROM ${mine}`;
    const count = (sql: string): number => Number((live.prepare(`SELECT COUNT(*) AS n FROM (${sql})`).get() as { n: number | bigint }).n);
    const keys = live.prepare(`SELECT key FROM (${onlyLive}) UNION SELECT key FROM (${onlyRebuilt}) ORDER BY key LIMIT ${DIFFERING_KEYS_SHOWN}`).pluck().all() as string[];
    return { projection: projection.name, table: name, position: build.position.toString(), onlyLive: count(onlyLive), onlyRebuilt: count(onlyRebuilt), keys };
  });
};

/**
 * The store as it was at `position`: its head is there and no read goes beyond it, so a runner
 * catching up stops exactly where the live build stopped, whatever was appended since.
 */
class StoreUpTo implements EventStore {
  constructor(
    private readonly store: EventStore,
    private readonly position: bigint,
  ) {}

  async headPosition(): Promise<bigint> {
    const head = await this.store.headPosition();
    return head < this.position ? head : this.position;
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return (await this.store.readAll(options)).filter((event) => event.position <= this.position);
  }

  readonly appendToStream: EventStore['appendToStream'] = () => Promise.reject(new Error('a read-model check appends nothing'));
  readonly readStream: EventStore['readStream'] = (stream, options) => this.store.readStream(stream, options);
  readonly streamExists: EventStore['streamExists'] = (stream) => this.store.streamExists(stream);
  readonly subscribeToAll: EventStore['subscribeToAll'] = () => {
    throw new Error('a read-model check catches up; it does not follow');
  };
  readonly verifyStream: EventStore['verifyStream'] = (stream) => this.store.verifyStream(stream);
  readonly verifyAll: EventStore['verifyAll'] = () => this.store.verifyAll();
  readonly close: EventStore['close'] = () => Promise.resolve();
}
