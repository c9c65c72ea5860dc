import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { SCALES } from './bench-scale';
import type { PopulationSpec } from './population';
import { loadPersons, openLedgerFixture, submitClaimAt } from './support/ledger-fixture';
import { cpuMsSince, flushToDisk, log, nowMs, runConcurrently, temporaryDirectory } from './support/measure';

/**
 * `ts-node --transpile-only bench/profile-bulk.ts DIR PERSONS [PROFILE_FILE]`: the larger-population
 * bench's persons (its seed, PERSONS of them) loaded once into DIR, then its claims submitted on a fresh
 * copy of that store, reporting wall and CPU time; with PROFILE_FILE, the claims alone are profiled.
 * CLAIMS sets how many claims (the bench's 10,000 by default); PRAGMAS="cache_size=-65536;…" tries
 * SQLite settings on the copy's connection, and WAL_CHECKPOINTS=inline|thread where it checkpoints.
 */

const CHUNK = 10_000;

const build = async (dir: string, spec: PopulationSpec, callers: number): Promise<void> => {
  mkdirSync(dir, { recursive: true });
  const fixture = await openLedgerFixture('profile-bulk', dir);
  log(`build: ${spec.persons} persons into ${dir}`);
  for (let from = 0; from < spec.persons; from += CHUNK) await loadPersons(fixture.ledger, spec, from, Math.min(spec.persons, from + CHUNK), callers);
  await fixture.close({ keepFiles: true });
};

const main = async (): Promise<void> => {
  const [dir, personsText, profileFile] = process.argv.slice(2);
  if (!dir || !personsText) throw new Error('usage: profile-bulk.ts DIR PERSONS [PROFILE_FILE]');
  const scale = SCALES.small;
  const spec: PopulationSpec = { seed: scale.seed + 4, persons: Number(personsText), claims: Number(process.env['CLAIMS'] ?? scale.bulkLarge.claims) };
  mkdirSync(dir, { recursive: true });
  if (readdirSync(dir).length === 0) await build(dir, spec, scale.bulk.callers);
  const copy = temporaryDirectory('profile-bulk-run');
  for (const file of readdirSync(dir)) copyFileSync(join(dir, file), join(copy.path, file));
  flushToDisk(copy.path);
  const fixture = await openLedgerFixture('profile-bulk', copy.path);
  // PRAGMAS="cache_size=-65536;wal_autocheckpoint=10000" tries store settings without changing the store.
  for (const pragma of (process.env['PRAGMAS'] ?? '').split(';').filter(Boolean)) log(`pragma ${pragma}: ${inspect(fixture.store.unsafeDatabaseForTests().pragma(pragma))}`);
  const session = new Session();
  if (profileFile) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const started = nowMs();
  const cpu = process.cpuUsage();
  const run = await runConcurrently(spec.claims, scale.bulk.callers, (index) => submitClaimAt(fixture.ledger, spec, index));
  const elapsedMs = nowMs() - started;
  const cpuMs = cpuMsSince(cpu);
  if (profileFile) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(profileFile, JSON.stringify(profile));
  }
  const cache = fixture.ledger.cacheStats();
  log(`claims: ${spec.claims} over ${spec.persons} persons in ${Math.round(elapsedMs)} ms (${Math.round(cpuMs)} ms CPU), ${Math.round((spec.claims * 1000) / elapsedMs)}/s, ${run.failures} refused; cache ${cache.hits} hits ${cache.misses} misses`);
  await fixture.close();
  copy.remove();
};

void main();
