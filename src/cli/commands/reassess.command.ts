import type { Command } from 'commander';
import { DomainError } from '../../domain/domain-error';
import type { AppConfig } from '../../config/app.config';
import type { EventStore } from '../../event-store/event-store.port';
import { embeddedStoreOf } from '../../integrity/guarded-event-store';
import { Ledger } from '../../ledger/ledger.service';
import { ReassessmentThreads } from '../../ledger/reassessment-threads';
import type { ReassessInput, ReassessmentReport } from '../../ledger/ledger.types';
import { isIsoDate } from '../../domain/iso-date';
import { MAX_BENEFIT_YEAR, MIN_BENEFIT_YEAR, TIERS } from '../../domain/vocabulary';
import { describeViolation, personalIdentifiersIn } from '../../personal-data/personal-identifier';
import { textProblem } from '../../shared/text-rules';
import { countProgressBar } from './count-progress';
import { openStoreFromEnvironment, processCommandOutput, type CommandOutput, type Environment } from './projections-environment';
import { cliPrincipalOf } from './cli-principal';

export const EXIT_USAGE = 2;

/** Bad usage: the rule on stderr, exit 2. */
const refused = (output: CommandOutput, usage: string): number => {
  output.stderr(`${usage}\n`);
  return EXIT_USAGE;
};

export interface ReassessOptions {
  readonly region?: string;
  readonly from?: string;
  readonly to?: string;
  readonly person?: string;
  readonly year?: string;
  readonly reason: string;
  readonly correctionId?: string;
  readonly dryRun?: boolean;
  readonly format?: 'table' | 'json';
}

/**
 * `benefits-ledger reassess`: replays a region's claims in a period (or one person-year) under the
 * revisions and identities known now. With --dry-run nothing is appended and the impact report is
 * printed; without it the deltas are recorded as ClaimReassessed events. Idempotent: a second run
 * with nothing new appends nothing.
 */
export const reassessCommand = async (options: ReassessOptions, env: Environment = process.env, output: CommandOutput = processCommandOutput()): Promise<number> => {
  const scope = scopeOf(options);
  if (typeof scope === 'string') return refused(output, scope);
  const cli = cliPrincipalOf(env);
  if ('problem' in cli) return refused(output, cli.problem);
  const { store, config } = openStoreFromEnvironment(env);
  const reassessmentThreads = reassessmentThreadsFor(store, config);
  try {
    const ledger = await Ledger.open(store, { reassessmentThreads });
    const input: ReassessInput = { scope, reason: options.reason, correctionId: options.correctionId, dryRun: options.dryRun === true };
    const report = await ledger.reassess(input, { actor: cli.principal }, countProgressBar(output, 'reassessing', 'person-years'));
    output.stdout(options.format === 'json' ? `${JSON.stringify(withoutEventData(report), null, 2)}\n` : renderTable(report));
    return 0;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    output.stderr(`${error.code}: ${error.message}\n`);
    return EXIT_USAGE;
  } finally {
    await reassessmentThreads.close();
    await store.close();
  }
};

/** A large region is decided on threads, each reading the store as this process's writer has synced it. */
const reassessmentThreadsFor = (store: EventStore, config: AppConfig): ReassessmentThreads =>
  new ReassessmentThreads({
    store: { dataDir: config.dataDir, eventStoreUrl: config.eventStoreUrl, readHorizon: embeddedStoreOf(store)?.readHorizon },
    threads: config.reassessmentThreads,
    minPersonYears: config.reassessmentThreadsMinPersonYears,
  });

/**
 * The scope named by the options, or why it is refused: the rules of `POST /reassessments`'s scope,
 * so that a real run from the shell never acts on a date that does not exist or a reversed period.
 */
const scopeOf = (options: ReassessOptions): ReassessInput['scope'] | string => {
  // The reason and the ids are recorded in events: no 身份证号 or phone number, as over HTTP.
  const personal = personalIdentifiersIn({ '--person': options.person ?? '', '--reason': options.reason, '--correction-id': options.correctionId ?? '' });
  if (personal.length > 0) return personal.map(describeViolation).join('\n');
  const hostile = hostileTextOf(options);
  if (hostile !== null) return hostile;
  const personForm = options.person !== undefined || options.year !== undefined;
  const regionForm = options.region !== undefined || options.from !== undefined || options.to !== undefined;
  if (personForm && regionForm) return '--person/--year and --region/--from/--to are alternative scopes: give one of them';
  if (personForm) return personYearScope(options.person, options.year);
  if (options.region === undefined) return 'give --region with --from and --to, or --person with --year';
  return regionScope(options.region, options.from, options.to);
};

/** The recorded texts' characters, by the rules of every other edge (src/shared/text-rules); a blank reason explains nothing. */
const hostileTextOf = ({ reason, correctionId }: ReassessOptions): string | null => {
  for (const [flag, text] of [['--reason', reason], ['--correction-id', correctionId ?? '']] as const) {
    const problem = textProblem(text);
    if (problem !== null) return `${flag}: ${problem}`;
  }
  return reason.trim() === '' ? '--reason must not be blank: it is recorded on every ClaimReassessed' : null;
};

const personYearScope = (person: string | undefined, yearText: string | undefined): ReassessInput['scope'] | string => {
  if (person === undefined) return '--year needs --person';
  const year = Number(yearText);
  return Number.isInteger(year) && year >= MIN_BENEFIT_YEAR && year <= MAX_BENEFIT_YEAR ? { personId: person, year } : `--year must be a year from ${MIN_BENEFIT_YEAR} to ${MAX_BENEFIT_YEAR} when --person is given`;
};

const regionScope = (region: string, from: string | undefined, to: string | undefined): ReassessInput['scope'] | string => {
  const problem = periodDateProblem('--from', from) ?? periodDateProblem('--to', to);
  if (problem !== null) return problem;
  if (to! < from!) return `--to (${to}) must not be before --from (${from})`;
  return { region, from: from!, to: to! };
};

/** A period's ends decide benefit years, so they lie in the benefit years, as POST /reassessments requires. */
const periodDateProblem = (flag: string, text: string | undefined): string | null => {
  if (!isIsoDate(text)) return `${flag} must be a calendar date (YYYY-MM-DD)${text === undefined ? '' : `, not "${text}"`}`;
  const year = Number(text.slice(0, 4));
  if (year >= MIN_BENEFIT_YEAR && year <= MAX_BENEFIT_YEAR) return null;
  return `${flag} must be a calendar date (YYYY-MM-DD) in the years ${MIN_BENEFIT_YEAR} to ${MAX_BENEFIT_YEAR}, not "${text}"`;
};

/** The report without the events' bodies: the events are in the store (or, for a dry run, described by the deltas). */
const withoutEventData = (report: ReassessmentReport) => ({ ...report, events: report.events.length });

/** A readable impact report: totals per tier, then the largest changes. */
export const renderTable = (report: ReassessmentReport): string => {
  const lines = [
    `${report.dryRun ? 'DRY RUN (nothing appended)' : 'Reassessment recorded'} — correction ${report.correctionId}`,
    `person-years examined ${report.personYears}, affected ${report.personYearsAffected}; claims ${report.claims}, affected ${report.claimsAffected}`,
    '',
    `${'tier'.padEnd(14)}${'delta (yuan)'.padStart(16)}`,
    ...TIERS.map((tier) => `${tier.padEnd(14)}${report.delta[tier].padStart(16)}`),
    `${'total'.padEnd(14)}${report.delta.total.padStart(16)}`,
  ];
  if (report.largestChanges.length > 0) {
    lines.push('', 'largest changes:', `${'claim'.padEnd(24)}${'person'.padEnd(16)}${'year'.padEnd(6)}${'total delta'.padStart(14)}`);
    for (const change of report.largestChanges) {
      lines.push(`${change.claimId.padEnd(24)}${change.personId.padEnd(16)}${String(change.year).padEnd(6)}${change.totalDelta.padStart(14)}`);
    }
  }
  return `${lines.join('\n')}\n`;
};

export const registerReassessCommand = (program: Command): void => {
  program
    .command('reassess')
    .description('Reassess claims under the policies and identities known now (region + period, or one person-year)')
    .option('--region <region>', 'pooling region, e.g. fumeng')
    .option('--from <date>', 'first reference date (YYYY-MM-DD)')
    .option('--to <date>', 'last reference date (YYYY-MM-DD)')
    .option('--person <id>', 'one person (with --year)')
    .option('--year <year>', 'benefit year (with --person)')
    .requiredOption('--reason <text>', 'why: recorded on every ClaimReassessed')
    .option('--correction-id <id>', 'idempotency key of the correction (default: derived)')
    .option('--dry-run', 'compute the impact report and append nothing')
    .option('--json', 'print the report as JSON instead of a table')
    .action(async (options: ReassessOptions & { json?: boolean }) => {
      process.exitCode = await reassessCommand({ ...options, format: options.json ? 'json' : 'table' });
    });
};
