import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PersonYearIndex } from '../src/ledger/person-year-index';
import { LEDGER_PROJECTIONS } from '../src/projections/ledger-projections';
import { ReadModelPersonYearIndex } from '../src/projections/person-year-index.adapter';
import { ReadModelPopulationIndex } from '../src/projections/population-index.adapter';
import { ProjectionRunner } from '../src/projections/projection.runner';
import { openReadDatabase } from '../src/projections/read-database';
import { ReadModels } from '../src/projections/read-models';
import { decideBenefitYear, type BenefitYear, type BenefitYearCommand, type ClaimContext } from '../src/domain/benefit-year/benefit-year.decider';
import { personCategoriesOn } from '../src/domain/person/person-categories';
import { claimRevision } from '../src/ledger/policy-catalog';
import type { ReadDatabase } from '../src/projections/read-database';
import { PolicySimulator } from '../src/simulation/policy-simulator';
import { RecordedPopulation } from '../src/simulation/recorded-population';
import { observeWritePath } from '../src/event-store/write-path-probe';
import { SCALES } from './bench-scale';
import { BENEFIT_YEAR, personAt, REGIONS, regionOf, regionOfClaim, type PopulationSpec, type Region } from './population';
import { correctedFumeng } from './support/corrected-fumeng';
import { loadPerson, openLedgerFixture, recordRetroactiveRecognitions, submitClaimAt, type LedgerFixture } from './support/ledger-fixture';
import { RunProfiler } from './support/run-profiler';
import { flushToDisk, log, nowMs, quantile, runConcurrently, temporaryDirectory } from './support/measure';

/**
 * `ts-node --transpile-only bench/profile-reassess.ts DIR [simulate|simulate-scan|dry|real|correct|decide|/]…`: the bench's bulk
 * store (scale small, or see `buildSpec`) built once into DIR (persons, claims, retroactive recognitions, read models),
 * then the named runs on a fresh copy of it (`/` starts another copy), reporting wall and CPU time.
 * `correct` publishes a further correction of the Fumeng revision (as the bench's sustained row does)
 * and reassesses for real; only the reassessment is timed, with the read models caught up before each
 * run. `PROFILE_RUNS=correct,real` (and `PROFILE_DIR`) writes a CPU profile of each run of those kinds
 * alone; `node --cpu-prof` profiles the whole process. The copy keeps one run's appends from changing
 * the next one's work.
 */

/**
 * `PROFILE_SCALE=full PROFILE_REGION=fumeng` builds the bench's full-scale population restricted to
 * one region: its persons and their claims, so the region-year reassessed is the size the full bench
 * reassesses (100,242 claims in 52,792 person-years for Fumeng) in a store a tenth of its size, built in
 * about two minutes.
 */
const buildSpec = (): { spec: PopulationSpec; callers: number; region: Region | null } => {
  const scale = SCALES[(process.env.PROFILE_SCALE ?? 'small') as keyof typeof SCALES];
  if (!scale) throw new Error(`PROFILE_SCALE: one of ${Object.keys(SCALES).join(', ')}`);
  const region = (process.env.PROFILE_REGION ?? null) as Region | null;
  if (region !== null && !REGIONS.includes(region)) throw new Error(`PROFILE_REGION: one of ${REGIONS.join(', ')}`);
  return { spec: { seed: scale.seed, persons: scale.bulk.persons, claims: scale.bulk.claims }, callers: scale.bulk.callers, region };
};

/** Indexes in [0, count) of the items in `region` (all of them without one). */
const indexesIn = (count: number, region: Region | null, regionAt: (index: number) => Region): number[] => {
  const indexes: number[] = [];
  for (let index = 0; index < count; index += 1) if (region === null || regionAt(index) === region) indexes.push(index);
  return indexes;
};

const build = async (dir: string): Promise<void> => {
  const { spec, callers, region } = buildSpec();
  mkdirSync(dir, { recursive: true });
  const fixture = await openLedgerFixture('profile', dir);
  const persons = indexesIn(spec.persons, region, (index) => regionOf(spec, index));
  const claims = indexesIn(spec.claims, region, (index) => regionOfClaim(spec, index));
  log(`build: ${persons.length} persons, ${claims.length} claims of ${region ?? 'every region'} into ${dir}`);
  await runConcurrently(persons.length, callers, (offset) => loadPerson(fixture.ledger, personAt(spec, persons[offset]!)));
  await runConcurrently(claims.length, callers, (offset) => submitClaimAt(fixture.ledger, spec, claims[offset]!));
  await recordRetroactiveRecognitions(fixture.ledger, spec, callers, region);
  await fixture.ledger.publishPolicy({ policy: correctedFumeng(), reason: 'bench: tilted ratio corrected', document: 'bench' }, { actor: 'bench' });
  const db = openReadDatabase(dir);
  await new ProjectionRunner(fixture.store, db, LEDGER_PROJECTIONS).catchUp();
  db.close();
  await fixture.close({ keepFiles: true });
};

const copyOf = (dir: string): { path: string; remove: () => void } => {
  const copy = temporaryDirectory('profile-run');
  for (const file of readdirSync(dir)) copyFileSync(join(dir, file), join(copy.path, file));
  flushToDisk(copy.path);
  return copy;
};

/** Rounds of the pure decider over the region-year's person-years, already in memory. */
const DECIDE_ROUNDS = 5;

/**
 * The decider alone: every Fumeng person-year of the year folded once (not timed), then reassessed
 * in memory under the corrected revision DECIDE_ROUNDS times (timed): the CPU cost of settlement.
 */
const decideOnly = async (fixture: LedgerFixture, db: ReadDatabase): Promise<number> => {
  const cpu = process.cpuUsage();
  const recorded = new RecordedPopulation(fixture.store, await fixture.store.headPosition());
  const revisions = fixture.ledger.policies('fumeng');
  const personYears = new ReadModels(db).personYearsInRegion('fumeng', `${BENEFIT_YEAR}-01-01`, `${BENEFIT_YEAR}-12-31`) ?? [];
  const commands: Array<{ year: BenefitYear; command: BenefitYearCommand }> = [];
  for (const { personId, year: benefitYear } of personYears) {
    const person = await recorded.person(personId);
    const year = await recorded.benefitYear(personId, benefitYear);
    const contexts: Record<string, ClaimContext> = {};
    for (const claim of year.claims) {
      contexts[claim.claim.claimId] = { policy: claimRevision(revisions, 'fumeng', claim.claim)!.policy, heldCategories: personCategoriesOn(person, claim.referenceDate) };
    }
    commands.push({ year, command: { type: 'Reassess', data: { correctionId: 'profile', reason: 'profile', contexts } } });
  }
  const loaded = process.cpuUsage(cpu);
  process.stdout.write(`decide: ${commands.length} person-years folded in ${Math.round((loaded.user + loaded.system) / 1000)} ms cpu\n`);
  const started = process.cpuUsage();
  let claims = 0;
  let changed = 0;
  for (let round = 0; round < DECIDE_ROUNDS; round += 1) {
    for (const { year, command } of commands) {
      changed += decideBenefitYear(command, year).filter((event) => event.type === 'ClaimReassessed').length;
      claims += year.claims.length;
    }
  }
  const used = process.cpuUsage(started);
  process.stdout.write(`decide: ${claims} claims decided in ${Math.round((used.user + used.system) / 1000)} ms cpu, ${changed} reassessed\n`);
  return claims;
};

/**
 * How long the event loop was held at a time during a run: what a request beside it would wait for.
 * A timer every 10 ms notes when it ran; the longest gap between two of its turns (the run's start
 * and end included) is the longest hold. A run that never yields shows as one gap of its whole length.
 */
const holdsOfTheEventLoop = (): { stop(): string } => {
  const gaps: number[] = [];
  let last = nowMs();
  const timer = setInterval(() => {
    const now = nowMs();
    gaps.push(now - last);
    last = now;
  }, 10);
  return {
    stop: () => {
      clearInterval(timer);
      gaps.push(nowMs() - last);
      const sorted = [...gaps].sort((a, b) => a - b);
      return `event loop held at most ${Math.round(sorted[sorted.length - 1])} ms at a time (p99 of ${sorted.length} turns ${Math.round(quantile(sorted, 0.99))} ms)`;
    },
  };
};

/** Runs `kinds` one after the other on one fresh copy of the store and one ledger (its state cache warms up as in the bench). */
const runOnCopy = async (dir: string, kinds: readonly string[]): Promise<void> => {
  const copy = copyOf(dir);
  const db = openReadDatabase(copy.path);
  let store: Awaited<ReturnType<typeof openLedgerFixture>>['store'] | null = null;
  const index: PersonYearIndex = {
    personYearsInRegion: (region, from, to, head) =>
      new ReadModelPersonYearIndex(new ReadModels(db), new ProjectionRunner(store!, db, LEDGER_PROJECTIONS)).personYearsInRegion(region, from, to, head),
  };
  const fixture = await openLedgerFixture('profile', copy.path, index);
  store = fixture.store;
  let corrections = 0;
  const profiler = RunProfiler.fromEnv();
  for (const kind of kinds) {
    if (kind === 'correct') {
      corrections += 1;
      await fixture.ledger.publishPolicy({ policy: correctedFumeng(corrections), reason: `bench: corrected again (${corrections})`, document: 'bench' }, { actor: 'bench' });
    }
    // The service's projection thread keeps the read models current; here they are caught up before
    // the clock starts (as the bench's further corrections are), so the run's index finds nothing to
    // project on the event loop and the run measures the reassessment alone.
    await new ProjectionRunner(fixture.store, db, LEDGER_PROJECTIONS).catchUp();
    await profiler?.start(kind);
    const commits = { groups: 0, appends: 0 };
    const stopObserving = observeWritePath({ groupCommitted: (appends) => ((commits.groups += 1), (commits.appends += appends)) });
    const loopHeld = holdsOfTheEventLoop();
    const cpu = process.cpuUsage();
    const started = nowMs();
    let claims = 0;
    if (kind === 'simulate' || kind === 'simulate-scan') {
      const population = kind === 'simulate' ? new ReadModelPopulationIndex(new ReadModels(db), new ProjectionRunner(fixture.store, db, LEDGER_PROJECTIONS)) : undefined;
      const published = (region: string) => fixture.ledger.policies(region).filter((pack) => pack.ref.revision !== correctedFumeng().ref.revision);
      const simulator = new PolicySimulator(fixture.store, published, population);
      claims = (await simulator.simulate({ packText: JSON.stringify(correctedFumeng().pack), region: 'fumeng', year: BENEFIT_YEAR })).claims;
    } else if (kind === 'dry' || kind === 'real' || kind === 'correct') {
      const scope = { region: 'fumeng', from: `${BENEFIT_YEAR}-01-01`, to: `${BENEFIT_YEAR}-12-31` };
      claims = (await fixture.ledger.reassess({ scope, reason: 'bench correction', dryRun: kind === 'dry' }, { actor: 'bench' })).claims;
    } else if (kind === 'decide') {
      claims = await decideOnly(fixture, db);
    } else {
      throw new Error(`unknown run ${kind}`);
    }
    const elapsedMs = nowMs() - started;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    const held = loopHeld.stop();
    stopObserving();
    await profiler?.stop();
    const groups = `${commits.appends} appends in ${commits.groups} group commits`;
    process.stdout.write(`${kind}: ${claims} claims, wall ${Math.round(elapsedMs)} ms, cpu ${Math.round(cpuMs)} ms (every thread), ${Math.round((claims * 1000) / cpuMs)} claims per cpu-second; ${groups}; ${held}\n`);
  }
  db.close();
  await fixture.close();
  copy.remove();
};

const main = async (): Promise<void> => {
  const [dir, ...kinds] = process.argv.slice(2);
  if (!dir) throw new Error('usage: profile-reassess.ts DIR [simulate|simulate-scan|dry|real|correct|decide|/]…');
  if (!existsSync(join(dir, 'events.sqlite'))) await build(dir);
  // `/` starts a new copy of the store (and a cold ledger).
  const groups = kinds.join(' ').split('/').map((group) => group.trim().split(/\s+/).filter((kind) => kind !== ''));
  for (const group of groups) await runOnCopy(dir, group);
};

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
