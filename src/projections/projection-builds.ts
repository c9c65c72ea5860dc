import type { Projection, TableDefinition } from './projection';
import { prepared, type ReadDatabase } from './read-database';

/**
 * Builds of projections in the read database: creating one (its tables and its checkpoint row),
 * reading checkpoints, switching which build answers queries, and dropping retired builds. Every
 * function here runs inside whatever transaction its caller holds.
 */

export type BuildStatus = 'building' | 'active' | 'retired' | 'dropped';

export interface BuildRecord {
  readonly name: string;
  readonly version: number;
  readonly build: number;
  readonly position: bigint;
  readonly status: BuildStatus;
  readonly updatedAt: string;
  /** Logical table name → physical table name. */
  readonly tables: Readonly<Record<string, string>>;
  readonly error: string | null;
}

interface CheckpointRow {
  name: string;
  version: bigint;
  build: bigint;
  position: bigint;
  status: BuildStatus;
  updated_at: string;
  tables: string;
  error: string | null;
}

const toRecord = (row: CheckpointRow): BuildRecord => ({
  name: row.name,
  version: Number(row.version),
  build: Number(row.build),
  position: row.position,
  status: row.status,
  updatedAt: row.updated_at,
  tables: JSON.parse(row.tables) as Record<string, string>,
  error: row.error,
});

/** Physical names carry projection, version and build, so a new build is created beside the one answering. */
export const physicalTableName = (name: string, version: number, build: number, logical: string): string =>
  `${name.replace(/[^a-z0-9]+/g, '_')}_v${version}_b${build}_${logical}`;

const quoted = (identifier: string): string => {
  if (!/^[a-z0-9_]+$/.test(identifier)) throw new RangeError(`unsafe SQL identifier ${identifier}`);
  return `"${identifier}"`;
};

/** The DDL of one table of a build: key, the query columns and the row as JSON. */
const tableDdl = (table: TableDefinition<unknown>, physical: string): string => {
  const columns = Object.entries(table.columns).map(([column, type]) => `${quoted(column)} ${type}`);
  return `CREATE TABLE IF NOT EXISTS ${quoted(physical)} (key TEXT PRIMARY KEY, ${[...columns, 'doc TEXT NOT NULL'].join(', ')})`;
};

/** The query indexes of one table of a build (the key has its own). */
const indexDdl = (table: TableDefinition<unknown>, physical: string): string[] =>
  table.indexes.map(
    (columnsOfIndex) =>
      `CREATE INDEX IF NOT EXISTS ${quoted(`${physical}_by_${columnsOfIndex.join('_')}`)} ON ${quoted(physical)} (${columnsOfIndex.map(quoted).join(', ')})`,
  );

const physicalTables = (projection: Projection, build: number): Array<[TableDefinition<unknown>, string]> =>
  projection.tables.map((table) => [table, physicalTableName(projection.name, projection.version, build, table.name)]);

/**
 * Creates the query indexes of a build (idempotent). A build that fills up before it answers is
 * written without them, because the projections only ever look rows up by key and keeping the
 * indexes up to date row by row cost a third of a rebuild's CPU; building each index once over the
 * finished table is much cheaper. Each index is its own statement, so the write lock is held for
 * one index at a time.
 */
export const createQueryIndexes = (db: ReadDatabase, projection: Projection, build: number): void => {
  for (const [table, physical] of physicalTables(projection, build)) for (const statement of indexDdl(table, physical)) db.exec(statement);
};

/** The builds of a projection that still have tables (dropped ones are history only). */
export const listBuilds = (db: ReadDatabase, name: string): BuildRecord[] =>
  (prepared(db, "SELECT * FROM projection_checkpoints WHERE name = ? AND status <> 'dropped' ORDER BY build", true).all(name) as CheckpointRow[]).map(toRecord);

export const getBuild = (db: ReadDatabase, name: string, build: number): BuildRecord | null => {
  const row = prepared(db, 'SELECT * FROM projection_checkpoints WHERE name = ? AND build = ?', true).get(name, build) as CheckpointRow | undefined;
  return row ? toRecord(row) : null;
};

export const activeBuild = (db: ReadDatabase, name: string): BuildRecord | null => {
  const row = prepared(db, 'SELECT build FROM active_versions WHERE name = ?', true).get(name) as { build: bigint } | undefined;
  return row ? getBuild(db, name, Number(row.build)) : null;
};

/** Creates the next build of a projection: its tables and a checkpoint at position 0. */
export const createBuild = (db: ReadDatabase, projection: Projection, status: 'building' | 'active', now: string): BuildRecord => {
  const last = prepared(db, 'SELECT MAX(build) AS build FROM projection_checkpoints WHERE name = ?', true).get(projection.name) as { build: bigint | null };
  const build = last.build === null ? 1 : Number(last.build) + 1;
  const tables = Object.fromEntries(
    projection.tables.map((table) => [table.name, physicalTableName(projection.name, projection.version, build, table.name)]),
  );
  for (const [table, physical] of physicalTables(projection, build)) db.exec(tableDdl(table, physical));
  // A build that answers at once needs its query indexes from the start; one that fills up first gets them when it is activated.
  if (status === 'active') createQueryIndexes(db, projection, build);
  prepared(db, 'INSERT INTO projection_checkpoints (name, version, build, position, status, updated_at, tables, error) VALUES (?, ?, ?, 0, ?, ?, ?, NULL)').run(
    projection.name,
    projection.version,
    build,
    status,
    now,
    JSON.stringify(tables),
  );
  if (status === 'active') setActive(db, projection.name, projection.version, build, now);
  return getBuild(db, projection.name, build)!;
};

export const saveCheckpoint = (db: ReadDatabase, name: string, build: number, position: bigint, now: string): void => {
  prepared(db, 'UPDATE projection_checkpoints SET position = ?, updated_at = ?, error = NULL WHERE name = ? AND build = ?').run(position, now, name, build);
};

export const recordBuildError = (db: ReadDatabase, name: string, build: number, error: string, now: string): void => {
  prepared(db, 'UPDATE projection_checkpoints SET error = ?, updated_at = ? WHERE name = ? AND build = ?').run(error, now, name, build);
};

/**
 * The blue/green switch: the given build answers from now on and the one before it is retired. The
 * caller holds the transaction, so readers see either the old build or the new one, never neither.
 */
export const activateBuild = (db: ReadDatabase, projection: Projection, build: number, now: string): void => {
  const { name } = projection;
  const next = getBuild(db, name, build);
  if (!next) throw new Error(`projection ${name} has no build ${build}`);
  if (next.version !== projection.version) throw new Error(`projection ${name} build ${build} is version ${next.version}, not ${projection.version}`);
  // Normally created already, outside the switch's transaction (see createQueryIndexes); never answer without them.
  createQueryIndexes(db, projection, build);
  prepared(db, "UPDATE projection_checkpoints SET status = 'retired', updated_at = ? WHERE name = ? AND status = 'active' AND build <> ?").run(now, name, build);
  prepared(db, "UPDATE projection_checkpoints SET status = 'active', updated_at = ? WHERE name = ? AND build = ?").run(now, name, build);
  setActive(db, name, next.version, build, now);
};

/** Marks a build that never answered (or no longer does) as retired, so `dropRetiredBuilds` removes it. */
export const retireBuild = (db: ReadDatabase, name: string, build: number, now: string): void => {
  prepared(db, "UPDATE projection_checkpoints SET status = 'retired', updated_at = ? WHERE name = ? AND build = ? AND status = 'building'").run(now, name, build);
};

const setActive = (db: ReadDatabase, name: string, version: number, build: number, now: string): void => {
  prepared(db, 'INSERT INTO active_versions (name, version, build, activated_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET version = excluded.version, build = excluded.build, activated_at = excluded.activated_at').run(name, version, build, now);
};

/** Drops the tables of retired builds and marks them dropped; returns how many builds were dropped. */
export const dropRetiredBuilds = (db: ReadDatabase, name: string): number => {
  const retired = listBuilds(db, name).filter((build) => build.status === 'retired');
  for (const build of retired) {
    for (const physical of Object.values(build.tables)) db.exec(`DROP TABLE IF EXISTS ${quoted(physical)}`);
    prepared(db, "UPDATE projection_checkpoints SET status = 'dropped' WHERE name = ? AND build = ?").run(name, build.build);
  }
  return retired.length;
};

/** Physical name of a logical table of the build that answers queries; null before any build exists. */
export const activeTable = (db: ReadDatabase, name: string, logical: string): string | null => {
  const row = prepared(db, 'SELECT c.tables AS tables FROM active_versions a JOIN projection_checkpoints c ON c.name = a.name AND c.build = a.build WHERE a.name = ?')
    .get(name) as { tables: string } | undefined;
  if (!row) return null;
  return (JSON.parse(row.tables) as Record<string, string>)[logical] ?? null;
};

/**
 * The lowest checkpoint over `builds`, or null when there are none: every event at or below it is
 * projected by all of them. The runner's resume point, read-your-writes and lag all read this.
 */
export const lowestCheckpoint = (builds: readonly BuildRecord[]): bigint | null =>
  builds.reduce<bigint | null>((lowest, build) => (lowest === null || build.position < lowest ? build.position : lowest), null);
