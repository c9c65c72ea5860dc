import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PersonYearIndex } from '../src/ledger/person-year-index';
import { LEDGER_PROJECTIONS } from '../src/projections/ledger-projections';
import { ReadModelPersonYearIndex } from '../src/projections/person-year-index.adapter';
import { ReadModelPopulationIndex } from '../src/projections/population-index.adapter';
import { ProjectionRunner } from '../src/projections/projection.runner';
import { openReadDatabase } from '../src/projections/read-database';
import { ReadModels } from '../src/projections/read-models';
import { PolicySimulator } from '../src/simulation/policy-simulator';
import { SCALES } from './bench-scale';
import { BENEFIT_YEAR, type PopulationSpec } from './population';
import { correctedFumeng } from './support/corrected-fumeng';
import { loadPersons, openLedgerFixture, recordRetroactiveRecognitions, submitClaimAt } from './support/ledger-fixture';
import { log, nowMs, runConcurrently, temporaryDirectory } from './support/measure';

/**
 * `ts-node --transpile-only bench/profile-reassess.ts DIR [simulate|simulate-scan|dry|real]…`: the bench's bulk
 * store (scale small) built once into DIR (persons, claims, retroactive recognitions, read models),
 * then each named run on a fresh copy of it, reporting wall and CPU time. Run it under
 * `node --cpu-prof` to see where a reassessment or a simulation spends its time; the copy keeps one
 * run's appends from changing the next one's work.
 */

const CHUNK = 10_000;

const build = async (dir: string): Promise<void> => {
  const scale = SCALES.small;
  const spec: PopulationSpec = { seed: scale.seed, persons: scale.bulk.persons, claims: scale.bulk.claims };
  mkdirSync(dir, { recursive: true });
  const fixture = await openLedgerFixture('profile', dir);
  log(`build: ${spec.persons} persons, ${spec.claims} claims into ${dir}`);
  for (let from = 0; from < spec.persons; from += CHUNK) await loadPersons(fixture.ledger, spec, from, Math.min(spec.persons, from + CHUNK), scale.bulk.callers);
  await runConcurrently(spec.claims, scale.bulk.callers, (index) => submitClaimAt(fixture.ledger, spec, index));
  await recordRetroactiveRecognitions(fixture.ledger, spec, scale.bulk.callers);
  await fixture.ledger.publishPolicy({ policy: correctedFumeng(), reason: 'bench: tilted ratio corrected', document: 'bench' }, { actor: 'bench' });
  const db = openReadDatabase(dir);
  await new ProjectionRunner(fixture.store, db, LEDGER_PROJECTIONS).catchUp();
  db.close();
  await fixture.close({ keepFiles: true });
};

const copyOf = (dir: string): { path: string; remove: () => void } => {
  const copy = temporaryDirectory('profile-run');
  for (const file of readdirSync(dir)) copyFileSync(join(dir, file), join(copy.path, file));
  return copy;
};

const run = async (dir: string, kind: string): Promise<void> => {
  const copy = copyOf(dir);
  const db = openReadDatabase(copy.path);
  let store: Awaited<ReturnType<typeof openLedgerFixture>>['store'] | null = null;
  const index: PersonYearIndex = {
    personYearsInRegion: (region, from, to, head) =>
      new ReadModelPersonYearIndex(new ReadModels(db), new ProjectionRunner(store!, db, LEDGER_PROJECTIONS)).personYearsInRegion(region, from, to, head),
  };
  const fixture = await openLedgerFixture('profile', copy.path, index);
  store = fixture.store;
  const cpu = process.cpuUsage();
  const started = nowMs();
  let claims = 0;
  if (kind === 'simulate' || kind === 'simulate-scan') {
    const population = kind === 'simulate' ? new ReadModelPopulationIndex(new ReadModels(db), new ProjectionRunner(fixture.store, db, LEDGER_PROJECTIONS)) : undefined;
    const published = (region: string) => fixture.ledger.policies(region).filter((pack) => pack.ref.revision !== correctedFumeng().ref.revision);
    const simulator = new PolicySimulator(fixture.store, published, population);
    claims = (await simulator.simulate({ packText: JSON.stringify(correctedFumeng().pack), region: 'fumeng', year: BENEFIT_YEAR })).claims;
  } else {
    const scope = { region: 'fumeng', from: `${BENEFIT_YEAR}-01-01`, to: `${BENEFIT_YEAR}-12-31` };
    claims = (await fixture.ledger.reassess({ scope, reason: 'bench correction', dryRun: kind === 'dry' }, { actor: 'bench' })).claims;
  }
  const elapsedMs = nowMs() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  process.stdout.write(`${kind}: ${claims} claims, wall ${Math.round(elapsedMs)} ms, cpu ${Math.round(cpuMs)} ms, ${Math.round((claims * 1000) / cpuMs)} claims per cpu-second\n`);
  db.close();
  await fixture.close();
  copy.remove();
};

const main = async (): Promise<void> => {
  const [dir, ...kinds] = process.argv.slice(2);
  if (!dir) throw new Error('usage: profile-reassess.ts DIR [simulate|simulate-scan|dry|real]…');
  if (!existsSync(join(dir, 'events.sqlite'))) await build(dir);
  for (const kind of kinds) await run(dir, kind);
};

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
