import type { Command } from 'commander';
import type { VerifyReport } from '../../event-store/event-store.port';
import { verifyReportJson } from '../../shared/verify-report';
import { openStoreFromEnvironment, processCommandOutput, type CommandOutput, type Environment } from './projections-environment';

/** Exit code when a hash chain is broken. */
export const EXIT_CHAIN_BROKEN = 1;

/**
 * `benefits-ledger verify [--json]`: verifies the hash chain of every stream of the store named by
 * DATA_DIR / EVENTSTORE_URL and prints the first broken link of each stream. Exit code 0 when every
 * chain is intact, 1 on a break.
 */
export const verifyCommand = async (options: { json?: boolean } = {}, env: Environment = process.env, output: CommandOutput = processCommandOutput()): Promise<number> => {
  const { store } = openStoreFromEnvironment(env);
  try {
    const report = await store.verifyAll();
    output.stdout(options.json === true ? `${JSON.stringify(verifyReportJson(report), null, 2)}\n` : describeReport(report));
    return report.ok ? 0 : EXIT_CHAIN_BROKEN;
  } finally {
    await store.close();
  }
};

export const describeReport = (report: VerifyReport): string => {
  const summary = `${report.ok ? 'OK' : 'BROKEN'}: ${report.streamsChecked} streams, ${report.eventsChecked} events checked`;
  const breaks = report.breaks.map(
    (found) =>
      `  ${found.streamName} revision ${found.revision}${found.position === null ? '' : ` (position ${found.position})`}: ${found.problem}: ${found.detail}`,
  );
  return [summary, ...breaks].join('\n') + '\n';
};

export const registerVerifyCommand = (program: Command): void => {
  program
    .command('verify')
    .description('Verify the hash chain of every stream (DATA_DIR / EVENTSTORE_URL); exit code 1 on a break')
    .option('--json', 'print the report as JSON')
    .action(async (options: { json?: boolean }) => {
      process.exitCode = await verifyCommand(options);
    });
};
