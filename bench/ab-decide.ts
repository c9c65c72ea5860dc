/**
 * `ts-node --transpile-only bench/ab-decide.ts STORE_DIR ROUNDS ROOT…`: the benefit-year decider of
 * one or more source trees (e.g. `git archive main` unpacked beside this one) over the same Fumeng
 * region-year of a store made by `profile-reassess.ts`, interleaved round by round in one process, so
 * that a busy machine disturbs every tree alike. Reports claims per CPU second (median of the
 * rounds) and the time of the garbage collections seen during each tree's rounds. Run one tree per
 * process under `node --trace-gc` to count scavenges, the steadier measure on a shared machine.
 * With `--submit` before the roots, every claim is settled anew through SubmitClaim instead (the
 * domain's share of the command path: the full settlement, trace included, and the fold).
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { openReadDatabase } from '../src/projections/read-database';
import { ReadModels } from '../src/projections/read-models';
import { RecordedPopulation } from '../src/simulation/recorded-population';
import { claimRevision } from '../src/ledger/policy-catalog';
import { personCategoriesOn } from '../src/domain/person/person-categories';
import { openLedgerFixture } from './support/ledger-fixture';
import { BENEFIT_YEAR } from './population';
import type { BenefitYear, BenefitYearCommand, ClaimContext } from '../src/domain/benefit-year/benefit-year.decider';

const main = async (): Promise<void> => {
  const [dir, roundsText, ...rest] = process.argv.slice(2);
  // `--submit` first: settle every claim anew through SubmitClaim (the command path's domain work, trace and all).
  const submit = rest[0] === '--submit';
  const roots = submit ? rest.slice(1) : rest;
  const rounds = Number(roundsText ?? 6);
  const fixture = await openLedgerFixture('ab', dir!);
  const db = openReadDatabase(dir!);
  const recorded = new RecordedPopulation(fixture.store, await fixture.store.headPosition());
  const revisions = fixture.ledger.policies('fumeng');
  const personYears = new ReadModels(db).personYearsInRegion('fumeng', `${BENEFIT_YEAR}-01-01`, `${BENEFIT_YEAR}-12-31`) ?? [];
  const commands: Array<{ year: BenefitYear; command: BenefitYearCommand; submits: BenefitYearCommand[] }> = [];
  for (const { personId, year: benefitYear } of personYears) {
    const person = await recorded.person(personId);
    const year = await recorded.benefitYear(personId, benefitYear);
    const contexts: Record<string, ClaimContext> = {};
    for (const claim of year.claims) contexts[claim.claim.claimId] = { policy: claimRevision(revisions, 'fumeng', claim.claim)!.policy, heldCategories: personCategoriesOn(person, claim.referenceDate) };
    const submits: BenefitYearCommand[] = year.claims.map((recordedClaim) => ({
      type: 'SubmitClaim',
      data: { claim: recordedClaim.claim, claimHash: recordedClaim.claimHash, context: contexts[recordedClaim.claim.claimId]!, enrollment: { scheme: 'RESIDENT' } },
    }));
    commands.push({ year, command: { type: 'Reassess', data: { correctionId: 'ab', reason: 'ab', contexts } }, submits });
  }
  const variants: Record<string, (command: BenefitYearCommand, year: BenefitYear) => unknown[]> = {};
  const evolvers: Record<string, { evolve: (year: BenefitYear, event: never) => BenefitYear; initialState: () => BenefitYear }> = {};
  const totals: Record<string, number[]> = {};
  const gcMs: Record<string, number> = {};
  for (const root of roots) {
    variants[root] = require(`${root}/src/domain/benefit-year/benefit-year.decider`).decideBenefitYear;
    evolvers[root] = require(`${root}/src/domain/deciders`).benefitYearDecider;
    totals[root] = [];
    gcMs[root] = 0;
  }
  let current = roots[0]!;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs[current]! += entry.duration;
  }).observe({ entryTypes: ['gc'] });
  for (let round = 0; round < rounds; round += 1) {
    for (const name of round % 2 === 0 ? roots : [...roots].reverse()) {
      const decide = variants[name]!;
      current = name;
      const started = process.cpuUsage();
      let claims = 0;
      const evolver = evolvers[name]!;
      for (let repeat = 0; repeat < 3; repeat += 1) {
        for (const { year, command, submits } of commands) {
          if (!submit) decide(command, year);
          else submits.reduce((state, each) => (decide(each, state) as never[]).reduce(evolver.evolve, state), evolver.initialState());
          claims += year.claims.length;
        }
      }
      const used = process.cpuUsage(started);
      totals[name]!.push((claims * 1e6) / (used.user + used.system));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  for (const [name, rates] of Object.entries(totals)) {
    const sorted = [...rates].sort((a, b) => a - b);
    process.stdout.write(`${name}: gc ${Math.round(gcMs[name]!)} ms; median ${Math.round(sorted[Math.floor(sorted.length / 2)]!)} claims per cpu-second (${rates.map(Math.round).join(', ')})\n`);
  }
  db.close();
  await fixture.close({ keepFiles: true });
};
void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
