import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { LEDGER_PROJECTIONS, projectionNamed } from '../../projections/ledger-projections';
import { rebuildProjections, RebuildRefused, type RebuildProgress, type RebuildResult } from '../../projections/projection-rebuild';
import { openProjectionEnvironment, processCommandOutput, type CommandOutput, type Environment } from './projections-environment';

/** Exit code for a projection name that does not exist or a refused rebuild. */
export const EXIT_USAGE = 2;

/**
 * `benefits-ledger projections rebuild [name]`: rebuilds one projection (or all) into fresh tables
 * from position 0 while the current build keeps answering, then switches over atomically and drops
 * the old tables. A progress bar with events/s and ETA is drawn on stderr when it is a terminal.
 */
export const projectionsRebuildCommand = async (
  name: string | undefined,
  env: Environment = process.env,
  output: CommandOutput = processCommandOutput(),
): Promise<number> => {
  const projections = name === undefined ? LEDGER_PROJECTIONS : [projectionNamed(name)].filter((found) => found !== undefined);
  if (projections.length === 0) {
    output.stderr(`unknown projection "${name}"; known: ${LEDGER_PROJECTIONS.map((projection) => projection.name).join(', ')}\n`);
    return EXIT_USAGE;
  }
  const environment = openProjectionEnvironment(env);
  try {
    const { store, db, walCheckpoints } = environment;
    const results = await rebuildProjections({ store, db, projections, progress: progressBar(output), walCheckpoints });
    for (const result of results) output.stdout(`${describeResult(result)}\n`);
    return 0;
  } catch (error: unknown) {
    if (!(error instanceof RebuildRefused)) throw error;
    output.stderr(`${error.message}\n`);
    return EXIT_USAGE;
  } finally {
    await environment.close();
  }
};

const describeResult = (result: RebuildResult): string => {
  const replaced = result.previous ? `replaced version ${result.previous.version} build ${result.previous.build}` : 'first build';
  return `${result.name}: version ${result.version} build ${result.build} now answers at position ${result.position} (${replaced})`;
};

/**
 * A cli-progress bar on stderr, only on a terminal (a log file would fill with redraws). The value is
 * the global position, so the bar and its ETA work for any store; events/s counts real events.
 */
export const progressBar = (output: CommandOutput): RebuildProgress | undefined => {
  if (!output.interactive) return undefined;
  const bar = new SingleBar(
    { format: 'rebuilding [{bar}] {percentage}% | position {value}/{total} | {rate} events/s | ETA {eta_formatted}', stream: process.stderr, etaBuffer: 50 },
    Presets.shades_classic,
  );
  let events = 0;
  let startedAt = Date.now();
  return {
    start: (head) => {
      startedAt = Date.now();
      bar.start(Number(head), 0, { rate: '0' });
    },
    advance: (batch, position) => {
      events += batch;
      const seconds = Math.max((Date.now() - startedAt) / 1000, 0.001);
      bar.update(Number(position), { rate: Math.round(events / seconds).toString() });
    },
    stop: () => bar.stop(),
  };
};

/** The `projections` group of commands, created by whichever of its commands registers first. */
export const projectionsGroup = (program: Command): Command =>
  program.commands.find((command) => command.name() === 'projections') ?? program.command('projections').description('Read models: rebuild and verify them');

/** Registers `projections rebuild [name]` on the program. */
export const registerProjectionsRebuildCommand = (program: Command): void => {
  projectionsGroup(program)
    .command('rebuild')
    .description('Rebuild a projection (or all) into new tables from position 0, then switch over atomically (blue/green)')
    .argument('[name]', `one of: ${LEDGER_PROJECTIONS.map((projection) => projection.name).join(', ')}`)
    .action(async (name: string | undefined) => {
      process.exitCode = await projectionsRebuildCommand(name);
    });
};
