import type { Command } from 'commander';
import { LEDGER_PROJECTIONS } from '../../projections/ledger-projections';
import { checkReadModelsInDataDir, CLI_CHECK_SCRATCH_PREFIX, type ReadModelCheck, type TableComparison } from '../../projections/read-model-check';
import { openStoreFromEnvironment, processCommandOutput, type CommandOutput, type Environment } from './projections-environment';
import { progressBar, projectionsGroup } from './projections-rebuild.command';

/** Exit code when a live read model differs from its rebuild. */
export const EXIT_DIFFERENT = 1;

/**
 * `benefits-ledger projections verify`: rebuilds every projection into a scratch database up to the
 * position its live build has reached and compares them row by row (src/projections/read-model-check).
 * The scratch database sits in the data directory, whose volume is sized for the read models, and
 * is removed at the end. It reads the live read database in one snapshot, so it may run beside the
 * service. Exit 0 when every compared table equals its rebuild, 1 otherwise.
 */
export const projectionsVerifyCommand = async (env: Environment = process.env, output: CommandOutput = processCommandOutput()): Promise<number> => {
  const { store, dataDir } = openStoreFromEnvironment(env);
  const bar = progressBar(output);
  try {
    bar?.start(await store.headPosition());
    const onBatch = (events: number, position: bigint): void => bar?.advance(events, position);
    const check = await checkReadModelsInDataDir({ store, dataDir, scratchPrefix: CLI_CHECK_SCRATCH_PREFIX, projections: LEDGER_PROJECTIONS, onBatch });
    bar?.stop();
    output.stdout(reportOf(check));
    return check.ok ? 0 : EXIT_DIFFERENT;
  } finally {
    await store.close();
  }
};

const reportOf = (check: ReadModelCheck): string => {
  const lines = check.tables.map(describeTable);
  for (const { projection, reason } of check.skipped) lines.push(`${projection}: not compared (${reason})`);
  const differing = check.tables.filter((table) => !sameRows(table)).length;
  const verdict = check.ok
    ? `OK: ${check.tables.length} tables equal their rebuild from the events`
    : `DIFFERENT: ${differing} of ${check.tables.length} tables differ from their rebuild from the events; the rows were edited, or a projection changed without a new version. Run \`benefits-ledger projections rebuild\`.`;
  return `${[verdict, ...lines.map((line) => `  ${line}`)].join('\n')}\n`;
};

const sameRows = (table: TableComparison): boolean => table.onlyLive === 0 && table.onlyRebuilt === 0;

const describeTable = (table: TableComparison): string => {
  const where = `${table.projection}/${table.table} at position ${table.position}`;
  if (sameRows(table)) return `${where}: equal`;
  return `${where}: ${table.onlyLive} live rows not in the rebuild, ${table.onlyRebuilt} rebuilt rows not live; keys ${table.keys.join(', ')}`;
};

/** Registers `projections verify` on the program. */
export const registerProjectionsVerifyCommand = (program: Command): void => {
  projectionsGroup(program)
    .command('verify')
    .description('Compare every read model with a rebuild from the events, up to the position it has reached (exit 1 on a difference)')
    .action(async () => {
      process.exitCode = await projectionsVerifyCommand();
    });
};
