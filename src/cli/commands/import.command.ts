import type { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { validateEnvironment } from '../../config/app.config';
import { DEPARTMENTS, type Department } from '../../domain/vocabulary';
import { Ledger } from '../../ledger/ledger.service';
import { ClaimsImport, type ClaimsImportReport } from '../../operations/claims/claims-import';
import { errorReportCsv, type RowError } from '../../operations/import-report';
import { OperationsJournal } from '../../operations/operations-journal';
import { DEPARTMENT_NAMES } from '../../operations/roster/roster-columns';
import { RosterImport, type RosterImportReport } from '../../operations/roster/roster-import';
import { TableFileError, type TableEncoding } from '../../operations/tabular/tabular-file';
import type { PersonalDataStore } from '../../personal-data/personal-data.port';
import { cliPrincipalOf } from './cli-principal';
import { openPersonalDataFromEnvironment } from './personal-data-environment';
import { loadSeedAndOperatorPacks } from '../../policy-packs/load-pack';
import { countProgressBar } from './count-progress';
import { openStoreFromEnvironment, processCommandOutput, type CommandOutput, type Environment } from './projections-environment';

export const EXIT_USAGE = 2;
/** Exit code when some rows were refused (the others were imported, or would be). */
export const EXIT_ROWS_REFUSED = 1;

export interface ImportOptions {
  readonly dryRun?: boolean;
  readonly encoding?: string;
  readonly errors?: string;
  readonly json?: boolean;
  readonly region?: string;
  readonly department?: string;
}

export interface ImportDependencies {
  /**
   * Resolves 身份证号. When omitted, the encrypted store of the environment is opened
   * (`openPersonalDataFromEnvironment`: the service's file and master key) and closed afterwards.
   */
  readonly personalData?: PersonalDataStore | null;
}

type Kind = 'identities' | 'claims';

/**
 * `benefits-ledger import identities|claims FILE`: a department's roster or a hospital's settlement
 * export into the ledger of DATA_DIR / EVENTSTORE_URL. Prints a summary (or the report as JSON with
 * --json), writes the per-row error report as CSV (default FILE.errors.csv), shows a progress bar on
 * a terminal. Exit code 0 when every row was accepted, 1 when some were refused, 2 for bad usage.
 */
export const importCommand = async (
  kind: Kind,
  file: string,
  options: ImportOptions,
  env: Environment = process.env,
  output: CommandOutput = processCommandOutput(),
  deps: ImportDependencies = {},
): Promise<number> => {
  const encoding = encodingOf(options.encoding);
  const department = departmentOf(options.department);
  const usage = encoding === 'invalid' ? '--encoding must be utf-8, gbk or auto' : department === 'invalid' ? `--department must be one of ${DEPARTMENTS.join(', ')} or 民政/乡村振兴/医保` : kind === 'identities' && !options.region ? 'give --region: the pooling region the roster is for' : null;
  const cli = cliPrincipalOf(env);
  if (usage !== null || 'problem' in cli) {
    output.stderr(`${usage ?? ('problem' in cli ? cli.problem : '')}\n`);
    return EXIT_USAGE;
  }
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch (error) {
    output.stderr(`cannot read ${file}: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  const config = validateEnvironment(env);
  const { store, dataDir } = openStoreFromEnvironment(env);
  const opened = deps.personalData === undefined ? openPersonalDataFromEnvironment(env).store : null;
  const personalData = deps.personalData ?? opened;
  const journal = OperationsJournal.open(dataDir);
  try {
    const seedPacks = loadSeedAndOperatorPacks(config.policyDir);
    const ledger = await Ledger.open(store, { seedPacks });
    const actor = cli.principal;
    const request = { content, encoding: encoding as TableEncoding | 'auto', dryRun: options.dryRun === true, actor };
    const progress = countProgressBar(output, `importing ${kind}`, 'rows');
    const report =
      kind === 'identities'
        ? await new RosterImport({ ledger, store, personalData, history: journal }).run({ ...request, region: options.region!, department: department as Department | undefined }, progress)
        : await new ClaimsImport({ ledger, store, personalData }).run(request, progress);
    const errorsPath = options.errors ?? `${file}.errors.csv`;
    if (report.errors.length > 0) writeFileSync(errorsPath, errorReportCsv(report.errors));
    output.stdout(options.json === true ? `${JSON.stringify(report, null, 2)}\n` : summary(kind, report, report.errors.length > 0 ? errorsPath : null));
    return report.errors.length > 0 ? EXIT_ROWS_REFUSED : 0;
  } catch (error) {
    if (!(error instanceof TableFileError)) throw error;
    // The operator running the CLI also gets the reader's own error, which the HTTP answer leaves to the log.
    output.stderr(`${file}: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}\n`);
    return EXIT_USAGE;
  } finally {
    journal.close();
    await opened?.close();
    await store.close();
  }
};

const encodingOf = (text: string | undefined): TableEncoding | 'auto' | 'invalid' => {
  const value = (text ?? 'auto').toLowerCase();
  if (value === 'utf8' || value === 'utf-8') return 'utf-8';
  if (value === 'gbk' || value === 'gb2312' || value === 'gb18030') return 'gbk';
  return value === 'auto' ? 'auto' : 'invalid';
};

const departmentOf = (text: string | undefined): Department | undefined | 'invalid' => (text === undefined ? undefined : (DEPARTMENT_NAMES[text] ?? 'invalid'));

const summary = (kind: Kind, report: RosterImportReport | ClaimsImportReport, errorsPath: string | null): string => {
  const lines = [
    `${report.dryRun ? 'DRY RUN (nothing appended)' : 'Imported'}: ${report.file.rows} rows, ${report.file.format}${report.file.encoding ? ` (${report.file.encoding})` : ''}, sha256 ${report.file.sha256.slice(0, 12)}`,
    `  ${Object.entries(report.counts).map(([outcome, count]) => `${outcome} ${count}`).join(', ')}; events appended ${report.appended}`,
  ];
  if (report.ignoredColumns.length > 0) lines.push(`  columns not read: ${report.ignoredColumns.join(', ')}`);
  if (kind === 'identities') {
    const roster = report as RosterImportReport;
    lines.push(`  department ${roster.department ?? '?'}, region ${roster.region}; previous roster ${roster.previousRoster ? `${roster.previousRoster.importedAt} (${roster.previousRoster.fileSha256.slice(0, 12)})` : 'none'}`);
    if (roster.dropped.length > 0) {
      lines.push(`  no longer listed (candidates for revocation, NOT revoked): ${roster.dropped.length}`);
      for (const entry of roster.dropped.slice(0, 50)) lines.push(`    ${entry.personId} ${entry.category}`);
      if (roster.dropped.length > 50) lines.push('    … (all of them with --json)');
    }
  }
  if (errorsPath !== null) lines.push(`  ${report.errors.length} errors, by row and column: ${errorsPath}`, ...firstErrors(report.errors));
  return `${lines.join('\n')}\n`;
};

const firstErrors = (errors: readonly RowError[]): string[] => errors.slice(0, 10).map((error) => `    row ${error.row} ${error.column}: ${error.reason}`);

export const registerImportCommand = (program: Command): void => {
  const group = program.command('import').description('Import department rosters and hospital settlement exports (CSV in UTF-8 or GBK, or XLSX)');
  const common = (command: Command): Command =>
    command
      .option('--dry-run', 'report what would be recorded and append nothing')
      .option('--encoding <encoding>', 'CSV encoding: auto (default), utf-8 or gbk')
      .option('--errors <path>', 'where to write the per-row error report (default FILE.errors.csv)')
      .option('--json', 'print the whole report as JSON');
  common(group.command('identities <file>').description('Roster of identity categories (身份认定名册) from 民政 / 乡村振兴 / 医保'))
    .requiredOption('--region <region>', 'pooling region the roster is for, e.g. heze')
    .option('--department <department>', 'sending department when the file has no 认定部门 column (民政, 乡村振兴, 医保)')
    .action(async (file: string, options: ImportOptions) => {
      process.exitCode = await importCommand('identities', file, options);
    });
  common(group.command('claims <file>').description('Hospital settlement export (one row per settlement)')).action(async (file: string, options: ImportOptions) => {
    process.exitCode = await importCommand('claims', file, options);
  });
};
