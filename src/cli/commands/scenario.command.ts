import type { Command } from 'commander';
import { PackValidationError } from '../../policy-packs/load-pack';
import { ScenarioFileError } from '../../scenario/scenario-file';
import { isLang } from '../../domain/explanation/explanation.types';
import { runScenarioFile } from '../../scenario/scenario-runner';

/** Exit code when the scenario file itself cannot be used (unreadable, invalid JSON, a broken pack). */
export const EXIT_BAD_FILE = 2;

export interface CliOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const processOutput: CliOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * `benefits-ledger scenario <file> [--pretty] [--lang zh|en]`: runs the scenario on a fresh temporary store and
 * prints one JSON document on stdout. Exit code 0: every step ran as written (refusals included);
 * 1: an `expect` block did not hold or a step was malformed; 2: the file could not be used.
 */
export const scenarioCommand = async (file: string, options: { pretty?: boolean; lang?: string }, output: CliOutput = processOutput): Promise<number> => {
  if (options.lang !== undefined && !isLang(options.lang)) {
    output.stderr(`--lang must be zh or en, got ${options.lang}\n`);
    return EXIT_BAD_FILE;
  }
  try {
    const run = await runScenarioFile(file, options.lang === undefined ? {} : { lang: options.lang });
    output.stdout(`${JSON.stringify(run.output, null, options.pretty === true ? 2 : undefined)}\n`);
    for (const problem of run.problems) output.stderr(`${problem}\n`);
    return run.exitCode;
  } catch (error) {
    if (error instanceof ScenarioFileError || error instanceof PackValidationError) {
      output.stderr(`${error.message}\n`);
      return EXIT_BAD_FILE;
    }
    throw error;
  }
};

export const registerScenarioCommand = (program: Command): void => {
  program
    .command('scenario')
    .description('Run a scenario file (policies + commands) on a fresh temporary embedded store and print every step as JSON')
    .argument('<file>', 'scenario JSON file (see docs/scenarios.md)')
    .option('--pretty', 'indent the JSON output')
    .option('--lang <lang>', 'add each claim event\'s explanation, rendered in zh (Chinese) or en (English)')
    .action(async (file: string, options: { pretty?: boolean; lang?: string }) => {
      process.exitCode = await scenarioCommand(file, options);
    });
};
