import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCESS_LOG_FILE, SqliteAccessLog } from '../../access-log/sqlite-access-log';
import { DomainError } from '../../domain/domain-error';
import { isIsoDate } from '../../domain/iso-date';
import { EarlyWarningExport } from '../../operations/early-warning/early-warning-export';
import { earlyWarningCsv, earlyWarningXlsx } from '../../operations/early-warning/early-warning-file';
import { exportsInAccessLog, recordInAll } from '../../operations/early-warning/export-access.port';
import { OperationsJournal } from '../../operations/operations-journal';
import { cliPrincipalOf } from './cli-principal';
import { openPersonalDataFromEnvironment } from './personal-data-environment';
import { openStoreFromEnvironment, processCommandOutput, type CommandOutput, type Environment } from './projections-environment';

export const EXIT_USAGE = 2;

export interface ExportOptions {
  readonly region: string;
  readonly from: string;
  readonly to: string;
  readonly format?: 'xlsx' | 'csv';
  readonly out?: string;
  /** Adds 姓名 and 身份证号 from the personal-data store: an operator's choice, recorded with the export. */
  readonly withPersonalData?: boolean;
}

/**
 * `benefits-ledger export early-warnings`: the alerts raised and withdrawn in a period and region,
 * with the burden broken down by kind, as XLSX or CSV for the civil-affairs and rural-revitalization
 * departments (预警信息由医保部门定期推送). Every export is recorded in the operations journal and,
 * person by person, in the access log, like the HTTP export.
 */
export const exportCommand = async (options: ExportOptions, env: Environment = process.env, output: CommandOutput = processCommandOutput()): Promise<number> => {
  if (!isIsoDate(options.from) || !isIsoDate(options.to) || options.from > options.to) {
    output.stderr('--from and --to must be ISO dates (YYYY-MM-DD), --from not after --to\n');
    return EXIT_USAGE;
  }
  const cli = cliPrincipalOf(env);
  if ('problem' in cli) {
    output.stderr(`${cli.problem}\n`);
    return EXIT_USAGE;
  }
  const format = options.format ?? 'xlsx';
  const { store, dataDir } = openStoreFromEnvironment(env);
  const journal = OperationsJournal.open(dataDir);
  const reads = new SqliteAccessLog(join(dataDir, ACCESS_LOG_FILE));
  const personalData = options.withPersonalData ? openPersonalDataFromEnvironment(env).store : null;
  try {
    const exporter = new EarlyWarningExport({ store, personalData, accessLog: recordInAll(journal, exportsInAccessLog(reads)) });
    const { principal } = cli;
    const withPersonalData = personalData !== null;
    const rows = await exporter.rows({ region: options.region, from: options.from, to: options.to, withPersonalData, actor: `${principal}#operator`, principal, format });
    const file = format === 'csv' ? Buffer.from(earlyWarningCsv(rows, withPersonalData), 'utf8') : await earlyWarningXlsx(rows, withPersonalData);
    const path = options.out ?? `early-warnings-${options.region}-${options.from}-${options.to}.${format}`;
    writeFileSync(path, file, { mode: 0o600 });
    output.stdout(`${rows.length} alert changes written to ${path}\n`);
    return 0;
  } catch (error) {
    // The ledger's refusals (a region no revision was published for) are the operator's to fix, as in reassess.
    if (!(error instanceof DomainError)) throw error;
    output.stderr(`${error.code}: ${error.message}\n`);
    return EXIT_USAGE;
  } finally {
    await personalData?.close();
    reads.close();
    journal.close();
    await store.close();
  }
};

export const registerExportCommand = (program: Command): void => {
  program
    .command('export')
    .description('Export for the departments: early-warnings (alerts raised and withdrawn in a period, with the burden by kind)')
    .argument('<what>', 'early-warnings')
    .requiredOption('--region <region>', 'pooling region, e.g. fumeng')
    .requiredOption('--from <date>', 'first day (YYYY-MM-DD) on which an alert change was recorded')
    .requiredOption('--to <date>', 'last day, inclusive')
    .option('--format <format>', 'xlsx (default) or csv')
    .option('--out <file>', 'where to write the file (mode 0600)')
    .option('--with-personal-data', 'add 姓名 and 身份证号 from the personal-data store (recorded with the export)')
    .action(async (what: string, options: ExportOptions) => {
      if (what !== 'early-warnings') {
        process.stderr.write(`unknown export "${what}": the one export is early-warnings\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      process.exitCode = await exportCommand(options);
    });
};
