import type { BenchScale } from '../bench-scale';
import type { PopulationSpec } from '../population';
import { loadPersons, openLedgerFixture, submitClaimAt } from '../support/ledger-fixture';
import { cpuMsSince, log, nowMs, perSecond, runConcurrently } from '../support/measure';
import type { Report } from '../support/report';

/**
 * Bulk claims on a larger population: the same kind of claims as the bulk load, spread over many
 * more persons, with the same state-cache bound. The ratio to the bulk load's rate shows what the
 * population size costs per claim (cache misses re-reading streams, deeper indexes); the cache's
 * hit rate is reported beside it so the two causes can be told apart.
 */

const CHUNK = 10_000;

export const measureBulkLarge = async (scale: BenchScale, report: Report, smallRate: number | null): Promise<void> => {
  const { persons, claims } = scale.bulkLarge;
  const { callers } = scale.bulk;
  const spec: PopulationSpec = { seed: scale.seed + 4, persons, claims };
  const fixture = await openLedgerFixture('bulk-large');
  const group = 'bulk load, larger population';
  try {
    log(`bulk-large: persons (${persons}, ${callers} callers)`);
    for (let from = 0; from < persons; from += CHUNK) {
      const figures = await loadPersons(fixture.ledger, spec, from, Math.min(persons, from + CHUNK), callers);
      if (figures.failures > 0) throw new Error(`persons refused: ${figures.failures} (${figures.failureSamples[0] ?? ''})`);
      if ((from + CHUNK) % 100_000 === 0) log(`  persons: ${from + CHUNK}`);
    }
    log(`bulk-large: claims (${claims}, ${callers} callers)`);
    fixture.ledger.cacheStats(true);
    const started = nowMs();
    const cpu = process.cpuUsage();
    const run = await runConcurrently(claims, callers, (index) => submitClaimAt(fixture.ledger, spec, index));
    const elapsedMs = nowMs() - started;
    const cpuMs = cpuMsSince(cpu);
    const cache = fixture.ledger.cacheStats();
    const rate = perSecond(claims - run.failures, elapsedMs);
    const hitRate = cache.hits / Math.max(1, cache.hits + cache.misses);
    report.add({ group, label: `claims: ${claims} over ${persons} persons`, value: rate, unit: 'claims/s', detail: `${Math.round(elapsedMs)} ms (${Math.round(cpuMs)} ms of CPU), ${callers} callers, projections off${run.failures > 0 ? `; ${run.failures} refused (${run.failureSamples[0] ?? ''})` : ''}` });
    report.add({ group, label: 'state cache hit rate during those claims', value: hitRate * 100, unit: '%', detail: `${cache.hits} hits, ${cache.misses} misses, ${cache.entries} of ${cache.maxEntries} entries` });
    if (smallRate !== null) {
      const ratio = smallRate / rate;
      report.ratio(`bulk claims: ${scale.bulk.persons} persons / ${persons} persons`, smallRate, rate, 'claims/s at the two population sizes');
      report.target(`bulk claims at ${persons} persons within 1.2× of the rate at ${scale.bulk.persons}`, `${Math.round(rate)} vs ${Math.round(smallRate)} claims/s (${ratio.toFixed(2)}×)`, ratio <= 1.2);
    }
    report.extra['bulkLarge'] = { persons, claims, rate, cache };
  } finally {
    await fixture.close();
  }
};
