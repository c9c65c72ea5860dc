import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { DomainError } from '../../domain/domain-error';
import { CATEGORY_NAMES_ZH, TIERS } from '../../domain/vocabulary';
import { PolicyCatalog } from '../../ledger/policy-catalog';
import { PackValidationError } from '../../policy-packs/load-pack';
import { openPopulationIndex } from '../../projections/population-index.adapter';
import { PolicySimulator } from '../../simulation/policy-simulator';
import type { Comparison, SimulationReport } from '../../simulation/simulation.types';
import { countProgressBar } from './count-progress';
import { openStoreFromEnvironment, processCommandOutput, type CommandOutput, type Environment } from './projections-environment';

export const EXIT_USAGE = 2;
const YEAR = /^\d{4}$/;

export interface SimulateOptions {
  readonly pack: string;
  readonly region: string;
  readonly year: string;
  readonly againstYear?: string;
  readonly format?: 'table' | 'json';
}

/**
 * `benefits-ledger simulate`: what a draft pack would cost (测算). The draft is validated like a
 * published pack and replayed over the recorded claims of the region's year; nothing is appended.
 */
export const simulateCommand = async (options: SimulateOptions, env: Environment = process.env, output: CommandOutput = processCommandOutput()): Promise<number> => {
  const years = yearsOf(options);
  if (typeof years === 'string') {
    output.stderr(`${years}\n`);
    return EXIT_USAGE;
  }
  const packText = readDraft(options.pack, output);
  if (packText === null) return EXIT_USAGE;
  const { store, dataDir } = openStoreFromEnvironment(env);
  // No runner moves the read models in this process: they are used only if already at the head.
  const population = openPopulationIndex(dataDir, 0);
  try {
    const catalog = new PolicyCatalog(store);
    await catalog.refresh();
    const simulator = new PolicySimulator(store, (region) => catalog.revisions(region), population?.index);
    const report = await simulator.simulate({ packText, packOrigin: options.pack, region: options.region, ...years }, { progress: countProgressBar(output, 'simulating', 'person-years and enrollments') });
    output.stdout(options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderSimulation(report));
    return 0;
  } catch (error) {
    if (error instanceof PackValidationError) output.stderr(`${error.message}\n`);
    else if (error instanceof DomainError) output.stderr(`${error.code}: ${error.message}\n`);
    else throw error;
    return EXIT_USAGE;
  } finally {
    population?.close();
    await store.close();
  }
};

const yearsOf = (options: SimulateOptions): { year: number; againstYear?: number } | string => {
  if (!YEAR.test(options.year)) return '--year must be a four-digit year';
  if (options.againstYear === undefined) return { year: Number(options.year) };
  if (!YEAR.test(options.againstYear)) return '--against-year must be a four-digit year';
  return { year: Number(options.year), againstYear: Number(options.againstYear) };
};

const readDraft = (path: string, output: CommandOutput): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    output.stderr(`--pack: cannot read ${path}: ${(error as Error).message}\n`);
    return null;
  }
};

/** Terminal columns of a label: CJK characters take two, so Chinese category names line up. */
const displayWidth = (text: string): number => [...text].reduce((width, char) => width + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(char) ? 2 : 1), 0);

const padLabel = (label: string, width: number): string => `${label}${' '.repeat(Math.max(1, width - displayWidth(label)))}`;

const row = (label: string, comparison: Comparison, column: keyof Comparison['actual'] = 'total'): string =>
  `${padLabel(label, 30)}${comparison.actual[column].padStart(16)}${comparison.draft[column].padStart(16)}${comparison.difference[column].padStart(16)}`;

const header = (label: string): string => `${padLabel(label, 30)}${'actual'.padStart(16)}${'draft'.padStart(16)}${'difference'.padStart(16)}`;

/** A readable impact report: per tier, per category, per month, then who changes most. */
export const renderSimulation = (report: SimulationReport): string => {
  const shifted = report.draftYear !== report.year ? ` (draft for ${report.draftYear}, dates shifted onto ${report.year})` : '';
  const lines = [
    `SIMULATION (nothing appended) — ${report.region} ${report.year}${shifted}, draft ${report.draft.revision} ${report.draft.hash.slice(0, 12)}, at store position ${report.position}`,
    `person-years ${report.personYears}, claims ${report.claims}; changed: ${report.changed.persons} persons, ${report.changed.claims} claims`,
    '',
    header('tier (yuan)'),
    ...TIERS.map((tier) => row(tier, report.totals, tier)),
    row('total', report.totals),
    '',
    header('category (total)'),
    ...report.byCategory.map((entry) => row(entry.category === null ? '(none)' : `${entry.category} ${CATEGORY_NAMES_ZH[entry.category]}`, entry)),
    '',
    header('month (total)'),
    ...report.byMonth.map((entry) => row(entry.month, entry)),
    '',
    `early warning: ${report.earlyWarning.actual} persons now, ${report.earlyWarning.draft} under the draft (${report.earlyWarning.newlyCrossing} newly crossing, ${report.earlyWarning.noLongerCrossing} no longer)`,
    `enrollment subsidies (${report.subsidies.enrollments} enrollments): actual ${report.subsidies.actual}, draft ${report.subsidies.draft}, difference ${report.subsidies.difference}`,
  ];
  if (report.largestChanges.length > 0) {
    lines.push('', 'largest changes per person:', `${padLabel('person', 30)}${'actual'.padStart(16)}${'draft'.padStart(16)}${'difference'.padStart(16)}`);
    for (const change of report.largestChanges) {
      lines.push(`${padLabel(change.personId, 30)}${change.actual.padStart(16)}${change.draft.padStart(16)}${change.difference.padStart(16)}`);
    }
  }
  return `${lines.join('\n')}\n`;
};

export const registerSimulateCommand = (program: Command): void => {
  program
    .command('simulate')
    .description('Price a draft policy pack (测算) on the recorded claims of a region and year; appends nothing')
    .requiredOption('--pack <file>', 'the draft pack (YAML or JSON)')
    .requiredOption('--region <region>', 'pooling region, e.g. fumeng')
    .requiredOption('--year <year>', 'the benefit year the draft is written for')
    .option('--against-year <year>', "replay this earlier year's recorded claims, the draft's dates shifted onto it")
    .option('--json', 'print the report as JSON instead of a table')
    .action(async (options: SimulateOptions & { json?: boolean }) => {
      process.exitCode = await simulateCommand({ ...options, format: options.json ? 'json' : 'table' });
    });
};
