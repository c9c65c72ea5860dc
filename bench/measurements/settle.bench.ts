import { walCheckpointsOf } from '../../src/config/app.config';
import { LEDGER_PROJECTIONS } from '../../src/projections/ledger-projections';
import { ProjectionRunner } from '../../src/projections/projection.runner';
import type { RunningProjections } from '../../src/projections/running-projections';
import { ThreadedProjectionRunner } from '../../src/projections/threaded-projection-runner';
import { openReadDatabase } from '../../src/projections/read-database';
import type { BenchScale } from '../bench-scale';
import type { PopulationSpec } from '../population';
import { loadPersons, openLedgerFixture, submitClaimAt } from '../support/ledger-fixture';
import { log, nowMs, perSecond, runConcurrently, summarizeLatencies } from '../support/measure';
import type { Report } from '../support/report';

/**
 * Settle throughput in-process, end to end: `submitClaim` (decide, settle with decimal.js, append,
 * fsync) with the projection runner live in the same process, and the clock stopped only when the
 * projections have caught up with the last claim's events. Three runs on one store, each on its own
 * claims: 1 caller, N callers, and N callers with the runner stopped (the command path alone, so the
 * projections' share of the cost can be read off). A fourth run on fresh claims has the runner on a
 * worker thread, as the service runs it (PROJECTIONS_THREAD=worker).
 */

const WAIT_FOR_PROJECTIONS_MS = 600_000;
/** Issue 13's target for settling in-process, in claims per second. */
const SETTLE_TARGET = 20_000;

export const measureSettle = async (scale: BenchScale, report: Report): Promise<void> => {
  const { persons, sequentialClaims, concurrentClaims, callers } = scale.settle;
  const spec: PopulationSpec = { seed: scale.seed + 1, persons, claims: sequentialClaims + 3 * concurrentClaims };
  const fixture = await openLedgerFixture('settle');
  const readDb = openReadDatabase(fixture.dataDir);
  // The read database checkpoints as the service's does (WAL_CHECKPOINTS, a thread unless set to inline).
  const walCheckpoints = walCheckpointsOf(process.env);
  const runner = new ProjectionRunner(fixture.store, readDb, LEDGER_PROJECTIONS, { walCheckpoints });
  const threaded = new ThreadedProjectionRunner({
    store: { dataDir: fixture.dataDir, readHorizon: fixture.store.readHorizon },
    dataDir: fixture.dataDir,
    headPosition: () => fixture.store.headPosition(),
    onAppended: (listener) => fixture.store.onAppended(listener),
    walCheckpoints,
  });
  const group = 'settle (in-process)';
  try {
    log(`settle: loading ${persons} persons`);
    const setup = await loadPersons(fixture.ledger, spec, 0, persons, callers);
    report.add({ group, label: `setup: person commands, ${callers} callers`, value: setup.perSecond, unit: 'commands/s', detail: `${setup.commands} commands, projections off` });
    await runner.catchUp();
    await runner.start();

    const endToEnd = async (label: string, from: number, count: number, concurrency: number, projections: RunningProjections = runner): Promise<number> => {
      log(`settle: ${label}: ${count} claims, ${concurrency} caller(s), projections live`);
      const started = nowMs();
      const run = await runConcurrently(count, concurrency, (offset) => submitClaimAt(fixture.ledger, spec, from + offset));
      const commandsDoneMs = nowMs() - started;
      const head = await fixture.store.headPosition();
      const caughtUp = await projections.waitForPosition(head, WAIT_FOR_PROJECTIONS_MS);
      const elapsedMs = nowMs() - started;
      if (!caughtUp) throw new Error(`projections did not catch up with ${head} within ${WAIT_FOR_PROJECTIONS_MS} ms`);
      const latency = summarizeLatencies(run.latenciesMs);
      const failed = run.failures > 0 ? `; ${run.failures} refused (${run.failureSamples[0] ?? ''})` : '';
      report.add({
        group,
        label,
        value: perSecond(count, elapsedMs),
        unit: 'claims/s',
        detail: `${count} claims in ${Math.round(elapsedMs)} ms to projections caught up (commands done at ${Math.round(commandsDoneMs)} ms); p50 ${latency.p50Ms.toFixed(1)} ms, p99 ${latency.p99Ms.toFixed(1)} ms per claim${failed}`,
      });
      return perSecond(count, elapsedMs);
    };

    const sequential = await endToEnd('1 caller, projections caught up', 0, sequentialClaims, 1);
    fixture.ledger.cacheStats(true);
    const concurrent = await endToEnd(`${callers} callers, projections caught up`, sequentialClaims, concurrentClaims, callers);
    const cache = fixture.ledger.cacheStats();
    report.add({
      group,
      label: 'state cache hit rate during the 64-caller run',
      value: (cache.hits / Math.max(1, cache.hits + cache.misses)) * 100,
      unit: '%',
      detail: `${cache.hits} hits, ${cache.misses} misses, ${cache.entries} of ${cache.maxEntries} entries`,
    });

    await runner.stop();
    log(`settle: ${concurrentClaims} claims, ${callers} callers, projections stopped`);
    const from = sequentialClaims + concurrentClaims;
    const started = nowMs();
    const run = await runConcurrently(concurrentClaims, callers, (offset) => submitClaimAt(fixture.ledger, spec, from + offset));
    const commandsOnlyMs = nowMs() - started;
    const commandsOnly = perSecond(concurrentClaims, commandsOnlyMs);
    const latency = summarizeLatencies(run.latenciesMs);
    report.add({ group, label: `${callers} callers, command path only (runner stopped)`, value: commandsOnly, unit: 'claims/s', detail: `${concurrentClaims} claims in ${Math.round(commandsOnlyMs)} ms; p50 ${latency.p50Ms.toFixed(1)} ms, p99 ${latency.p99Ms.toFixed(1)} ms` });

    log('settle: projections catching up on the command-only run');
    const lagStart = nowMs();
    const headBefore = await fixture.store.headPosition();
    await runner.catchUp();
    const catchUpMs = nowMs() - lagStart;
    report.add({ group, label: 'projection catch-up of that run', value: perSecond(concurrentClaims, catchUpMs), unit: 'claims/s', detail: `${Math.round(catchUpMs)} ms to reach position ${headBefore}` });

    log('settle: projections on a worker thread');
    await threaded.start();
    const onThread = await endToEnd(`${callers} callers, projections caught up, runner on a worker thread`, sequentialClaims + 2 * concurrentClaims, concurrentClaims, callers, threaded);

    report.ratio(`settle ${callers} callers / 1 caller`, concurrent, sequential, 'group commit gain, projections live');
    report.ratio('settle with projections / command path only', concurrent, commandsOnly, `${callers} callers, runner in the event loop`);
    report.ratio('settle with projections on a worker thread / in the event loop', onThread, concurrent, `${callers} callers`);
    report.againstLimit('raw append batched', { label: 'settle, runner on its thread', value: onThread }, SETTLE_TARGET, `claims/s against the anchors' events appended ${scale.anchors.batchSize} to a transaction with nothing else`);
    report.target('settle ≥ 20,000 claims/s in-process (group commit, projections current)', `${Math.round(onThread)} claims/s (runner on a worker thread; ${Math.round(concurrent)} in the event loop)`, onThread >= SETTLE_TARGET);
    report.extra['settle'] = { sequential, concurrent, onThread, commandsOnly, persons, spec };
  } finally {
    await threaded.stop();
    await runner.stop();
    readDb.close();
    await fixture.close();
  }
};
