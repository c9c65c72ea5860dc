import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { join } from 'node:path';
import { sqliteVersion } from './anchors/raw-sqlite.anchor';
import { MEASUREMENTS, SCALES, type BenchScale, type MeasurementName, type ScaleName } from './bench-scale';
import { measureAnchors } from './measurements/anchors.bench';
import { measureBulkLarge } from './measurements/bulk-large.bench';
import { BulkStore } from './measurements/bulk-store';
import { measureClaimRank } from './measurements/claim-rank.bench';
import { measureHttpSettle } from './measurements/http-settle.bench';
import { measureSettle } from './measurements/settle.bench';
import { buildEventCorpus, type EventCorpus } from './support/event-corpus';
import { describeMachine } from './support/machine';
import { log, nowMs } from './support/measure';
import { Report } from './support/report';

/**
 * `npm run bench [-- --scale small|full] [--only name[,name…]]`: measures the ledger against the
 * physical limit (raw SQLite) and a peer (Emmett SQLite), prints a Markdown table to stdout and
 * writes JSON to bench/results/<timestamp>.json. Progress goes to stderr. See docs/performance.md.
 */

interface BenchOptions {
  readonly scale: ScaleName;
  readonly only: readonly MeasurementName[];
  readonly resultsDir: string;
  /** Persons of the larger population (`bulk-large`), instead of the scale's own. */
  readonly largePersons: number | null;
}

/** The population comparison is 20,000 against 850,000 persons; more than this would not fit the run's budget. */
const LARGE_PERSONS_MAX = 5_000_000;

/**
 * The scale with another size for the larger population: the small scale's bulk load (20,000 persons)
 * against `--large-persons 850000` is the comparison, in about fifteen minutes rather than
 * the full scale's hour.
 */
const withLargePersons = (scale: BenchScale, persons: number | null): BenchScale =>
  persons === null ? scale : { ...scale, bulkLarge: { ...scale.bulkLarge, persons } };

const measurementsOf = (value: string): MeasurementName[] => {
  const names = value.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = names.filter((name) => !(MEASUREMENTS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown measurement(s) ${unknown.join(', ')}; choose from ${MEASUREMENTS.join(', ')}`);
  return names as MeasurementName[];
};

const largePersonsOf = (value: string): number => {
  const persons = Number(value);
  if (!Number.isSafeInteger(persons) || persons < 1 || persons > LARGE_PERSONS_MAX) throw new InvalidArgumentError(`must be a whole number from 1 to ${LARGE_PERSONS_MAX}`);
  return persons;
};

/** The command line, read by commander (as the service's CLI is); a bad option throws a CommanderError naming it. */
export const parseOptions = (argv: readonly string[]): BenchOptions => {
  const program = new Command('npm run bench --')
    .description('Measures the ledger against raw SQLite and a peer; Markdown to stdout, JSON to the results directory (docs/performance.md).')
    .addOption(new Option('--scale <scale>', 'population and run sizes').choices(['small', 'full']).default('small'))
    .addOption(new Option('--only <names>', `measurements to run, comma-separated: ${MEASUREMENTS.join(',')}`).argParser(measurementsOf).default([...MEASUREMENTS], 'all'))
    .option('--results-dir <dir>', 'where the JSON results go', join(__dirname, 'results'))
    .option('--large-persons <n>', 'persons of the larger population (bulk-large), instead of the scale\'s own', largePersonsOf)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
  const options = program.parse([...argv], { from: 'user' }).opts<{ scale: ScaleName; only: MeasurementName[]; resultsDir: string; largePersons?: number }>();
  return { scale: options.scale, only: options.only, resultsDir: options.resultsDir, largePersons: options.largePersons ?? null };
};

/**
 * Event size, from the corpus the anchors replay: the raw-limit anchor is therefore always measured
 * on events of the size the ledger writes today (a slimmer ClaimSettled moves the anchor with it).
 */
const reportEventSizes = (events: EventCorpus, report: Report): void => {
  const group = 'event size';
  const settled = events.byType['ClaimSettled'];
  report.add({ group, label: 'average event (data + metadata JSON)', value: events.averageEventBytes, unit: 'bytes', detail: `${events.events} events of the corpus` });
  if (!settled) return;
  report.add({ group, label: 'ClaimSettled median / average', value: settled.medianBytes, unit: 'bytes median', detail: `average ${settled.averageBytes} bytes over ${settled.count} events` });
  report.target('median ClaimSettled < 600 bytes (data + metadata JSON)', `${settled.medianBytes} bytes`, settled.medianBytes < 600);
  const parts = Object.entries(events.claimSettledParts).map(([part, bytes]) => `${part} ${bytes}`);
  report.note(`Median bytes of each part of a ClaimSettled (each part's own median): ${parts.join(', ')}.`);
  const floor = events.claimSettledParts['floor: facts only'];
  report.add({ group, label: 'ClaimSettled floor: facts only (no trace, no accumulators before, no claim hash)', value: floor, unit: 'bytes median', detail: 'what remains of the event in JSON once everything a reader could derive is taken out: the distance to 600 bytes that no slimming of the trace can close' });
};

const run = async (options: BenchOptions): Promise<void> => {
  const startedAt = new Date();
  const machine = describeMachine(sqliteVersion());
  const scale: BenchScale = withLargePersons(SCALES[options.scale], options.largePersons);
  const report = new Report();
  const selected = new Set(options.only);
  const started = nowMs();
  log(`scale ${options.scale}, measurements: ${[...selected].join(', ')}`);

  let corpus: EventCorpus | null = null;
  const theCorpus = async (): Promise<EventCorpus> => (corpus ??= await buildEventCorpus({ seed: scale.seed, ...scale.corpus }));

  // Each measurement is isolated: one that fails is reported and the others still run.
  const attempt = async (name: string, body: () => Promise<void>): Promise<void> => {
    const began = nowMs();
    try {
      await body();
    } catch (error: unknown) {
      log(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      report.failed(name, error);
    }
    log(`${name}: ${Math.round((nowMs() - began) / 1000)} s`);
  };

  if (selected.has('anchors')) {
    await attempt('anchors', async () => {
      const events = await theCorpus();
      report.extra['corpus'] = { commands: events.commands.length, events: events.events, averageEventBytes: events.averageEventBytes, byType: events.byType };
      report.note(`Anchor rows: ${events.events} real ledger events (${events.commands.length} commands, average ${events.averageEventBytes} bytes of JSON per event) replayed with fresh ids.`);
      reportEventSizes(events, report);
      await measureAnchors(scale, events, report);
    });
  }
  if (selected.has('settle')) await attempt('settle', () => measureSettle(scale, report));
  if (selected.has('rank')) await attempt('rank', () => measureClaimRank(scale, report));
  if (selected.has('http')) await attempt('http', () => measureHttpSettle(scale, report));

  // Bulk load, rebuild, audit and reassessment share one large store, built by whichever runs first.
  const wantsBulkStore = ['bulk', 'rebuild', 'audit', 'reassess'].some((name) => selected.has(name as MeasurementName));
  let bulkClaimRate: number | null = null;
  if (wantsBulkStore) {
    const bulk = new BulkStore(scale, report);
    try {
      await attempt('bulk', () => bulk.load(selected.has('bulk')));
      bulkClaimRate = bulk.claimRate;
      if (selected.has('rebuild')) await attempt('rebuild', () => bulk.rebuild());
      if (selected.has('audit')) await attempt('audit', () => bulk.audit());
      if (selected.has('reassess')) await attempt('simulate', () => bulk.simulate());
      if (selected.has('reassess')) await attempt('reassess', () => bulk.reassess());
    } finally {
      await bulk.close();
    }
  }

  if (selected.has('bulk-large')) await attempt('bulk-large', () => measureBulkLarge(scale, report, bulkClaimRate));

  report.extra['totalSeconds'] = Math.round((nowMs() - started) / 1000);
  process.stdout.write(`${report.toMarkdown(machine, options.scale)}\n`);
  const path = report.writeJson(options.resultsDir, machine, options.scale, startedAt, { scale: options.scale, only: options.only, sizes: scale });
  log(`results written to ${path} (${report.extra['totalSeconds'] as number} s in all)`);
  if (report.errors.length > 0) process.exitCode = 1;
};

if (require.main === module) {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error: unknown) {
    // --help is commander's way out too: it has printed the usage already.
    if (error instanceof CommanderError && error.exitCode === 0) process.exit(0);
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  run(options).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
