import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store.adapter';
import { PolicyCatalog } from '../src/ledger/policy-catalog';
import { ReassessmentThreads } from '../src/ledger/reassessment-threads';
import { openReadDatabase } from '../src/projections/read-database';
import { ReadModels } from '../src/projections/read-models';
import { BENEFIT_YEAR } from './population';
import { cpuMsSince, log, nowMs } from './support/measure';

/**
 * `ts-node --transpile-only bench/profile-reassessment-threads.ts DIR THREADS [ROUNDS]`: the
 * reassessment threads alone deciding every person-year of a region-year (PROFILE_REGION, default
 * fumeng) of a store `bench/profile-reassess.ts` built into DIR, ROUNDS times (default 3). Nothing is
 * appended and no ledger runs beside them, so the figure is the threads' own: wall and CPU time, and
 * microseconds per person-year per thread. Run two trees' copies of it interleaved to compare a
 * change to what the threads do (round 17 compared kept states of the person-years this way).
 */
const WAVE = 2048;

const main = async (): Promise<void> => {
  const [dir, threadsArg, roundsArg] = process.argv.slice(2);
  const threads = Number(threadsArg);
  if (!dir || !Number.isInteger(threads) || threads < 1) throw new Error('usage: DIR THREADS [ROUNDS]');
  const region = process.env.PROFILE_REGION ?? 'fumeng';
  const readDb = openReadDatabase(dir);
  const personYears = new ReadModels(readDb).personYearsInRegion(region, `${BENEFIT_YEAR}-01-01`, `${BENEFIT_YEAR}-12-31`) ?? [];
  readDb.close();
  const store = new SqliteEventStore(dir, { readonly: true });
  const catalog = new PolicyCatalog(store);
  await catalog.refresh();
  const pool = new ReassessmentThreads({ store: { dataDir: dir }, threads, minPersonYears: 0 });
  try {
    for (let round = 1; round <= Number(roundsArg ?? 3); round += 1) await timeRound(pool, catalog, personYears, `${threads} threads, round ${round}`);
  } finally {
    await pool.close();
    await store.close();
  }
};

const timeRound = async (pool: ReassessmentThreads, catalog: PolicyCatalog, personYears: ReadonlyArray<{ personId: string; year: number }>, label: string): Promise<void> => {
  const run = pool.open(personYears.length, catalog.revisions(), { correctionId: 'profile', reason: 'profile' });
  if (run === null) throw new Error('the threads declined the run');
  const started = nowMs();
  const cpu = process.cpuUsage();
  let decided = 0;
  try {
    for (let start = 0; start < personYears.length; start += WAVE) decided += (await run.decide(personYears.slice(start, start + WAVE)))?.length ?? 0;
  } finally {
    run.end();
  }
  const wallMs = nowMs() - started;
  const perThread = (wallMs * 1000 * pool.running()) / Math.max(decided, 1);
  log(`${label}: ${decided} person-years, wall ${Math.round(wallMs)} ms, cpu ${Math.round(cpuMsSince(cpu))} ms, ${Math.round(perThread)} µs a person-year per thread`);
};

void main();
