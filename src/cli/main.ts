#!/usr/bin/env node
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerImportCommand } from './commands/import.command';
import { registerProjectionsRebuildCommand } from './commands/projections-rebuild.command';
import { registerProjectionsVerifyCommand } from './commands/projections-verify.command';
import { registerExportCommand } from './commands/export.command';
import { registerReassessCommand } from './commands/reassess.command';
import { registerScenarioCommand } from './commands/scenario.command';
import { registerSimulateCommand } from './commands/simulate.command';
import { registerTokensCommand } from './commands/tokens.command';
import { registerVerifyCommand } from './commands/verify.command';

/**
 * The `benefits-ledger` command line. Each sub-command lives in ./commands and registers itself on
 * the program; the process exit code is the sub-command's verdict.
 */
export const buildProgram = (): Command => {
  const program = new Command('benefits-ledger')
    .description('Event-sourced ledger of the medical-security safety net (医保帮扶): command-line tools')
    .version(packageVersion());
  registerScenarioCommand(program);
  registerReassessCommand(program);
  registerProjectionsRebuildCommand(program);
  registerProjectionsVerifyCommand(program);
  registerVerifyCommand(program);
  registerSimulateCommand(program);
  registerExportCommand(program);
  registerImportCommand(program);
  registerTokensCommand(program);
  return program;
};

/** src/cli and dist/cli both sit two levels below the package root. */
const packageVersion = (): string => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
};

if (require.main === module) {
  // Files the CLI creates in the data directory (databases, tokens) are owner-only, whatever the umask.
  process.umask(0o077);
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 70;
    });
}
