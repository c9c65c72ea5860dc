import { walCheckpointsOf } from '../../src/config/app.config';
import { LEDGER_PROJECTIONS } from '../../src/projections/ledger-projections';
import { ProjectionRunner } from '../../src/projections/projection.runner';
import { openReadDatabase } from '../../src/projections/read-database';
import type { SubmitClaimInput } from '../../src/ledger/ledger.types';
import type { BenchScale } from '../bench-scale';
import { BENEFIT_YEAR, claimAt, personAt, regionOf, type PopulationSpec } from '../population';
import { loadPerson, openLedgerFixture } from '../support/ledger-fixture';
import { log, nowMs, summarizeLatencies } from '../support/measure';
import type { Report } from '../support/report';

/**
 * Latency by claim rank within one person-year: one person's claims, one caller, projections live,
 * each claim timed from submission until the projections have caught up with it. A cost that grows
 * with the year (a state, a read-model row or a history row holding every earlier claim) shows as
 * the later ranks being slower than the first ones. The figure compares ranks 700–800 with
 * 1–100; the ranks compared are the first and the last tenth-ish windows of the run.
 */

const WAIT_MS = 60_000;
/** The person-year's claims come from the population's claims, re-dated in order across the year. */
const DAYS_IN_YEAR = 365;

export const measureClaimRank = async (scale: BenchScale, report: Report): Promise<void> => {
  const { claims, window } = scale.rank;
  const spec: PopulationSpec = { seed: scale.seed + 3, persons: 200, claims };
  const fixture = await openLedgerFixture('rank');
  const readDb = openReadDatabase(fixture.dataDir);
  const runner = new ProjectionRunner(fixture.store, readDb, LEDGER_PROJECTIONS, { walCheckpoints: walCheckpointsOf(process.env) });
  const group = 'claim rank (one person-year)';
  try {
    // A person of Heze, whose pack is valid from January: every re-dated claim falls inside it.
    const index = Array.from({ length: spec.persons }, (_, candidate) => candidate).find((candidate) => regionOf(spec, candidate) === 'heze') ?? 0;
    const person = personAt(spec, index);
    await loadPerson(fixture.ledger, person);
    await runner.catchUp();
    await runner.start();
    log(`rank: ${claims} claims of one person-year, 1 caller, projections live`);
    const latencies: number[] = [];
    for (let rank = 0; rank < claims; rank += 1) {
      const claim = redated(claimAt(spec, rank), person.register.personId, rank, claims);
      const started = nowMs();
      const result = await fixture.ledger.submitClaim(claim, { actor: 'bench' });
      if (!(await runner.waitForPosition(BigInt(result.position), WAIT_MS))) throw new Error(`projections did not reach claim ${rank + 1} within ${WAIT_MS} ms`);
      latencies.push(nowMs() - started);
    }
    const first = summarizeLatencies(latencies.slice(0, window));
    const last = summarizeLatencies(latencies.slice(claims - window));
    // Medians, not means: on a shared machine one scheduling stall of seconds would decide a mean of 100 claims.
    const ratio = last.p50Ms / first.p50Ms;
    report.add({ group, label: `claims 1–${window}, mean`, value: mean(latencies.slice(0, window)), unit: 'ms', detail: `p50 ${first.p50Ms.toFixed(1)} ms, p99 ${first.p99Ms.toFixed(1)} ms, submission to projections caught up` });
    report.add({ group, label: `claims ${claims - window + 1}–${claims}, mean`, value: mean(latencies.slice(claims - window)), unit: 'ms', detail: `p50 ${last.p50Ms.toFixed(1)} ms, p99 ${last.p99Ms.toFixed(1)} ms` });
    report.ratio(`per-claim latency (median), claims ${claims - window + 1}–${claims} / 1–${window}`, ratio, 1, 'one person-year, projections live');
    report.target(`per-claim latency within one person-year (median): ranks ${claims - window + 1}–${claims} ≤ 1.2× ranks 1–${window}`, `${ratio.toFixed(2)}×`, ratio <= 1.2);
    report.extra['rank'] = { claims, window, latenciesMs: latencies.map((value) => Math.round(value * 100) / 100) };
  } finally {
    await runner.stop();
    readDb.close();
    await fixture.close();
  }
};

/** The claim, made the person's, on a day that moves forward with its rank (admission = discharge keeps it in the year). */
const redated = (claim: SubmitClaimInput, personId: string, rank: number, claims: number): SubmitClaimInput => {
  const day = new Date(Date.UTC(BENEFIT_YEAR, 0, 1 + Math.floor((rank * DAYS_IN_YEAR) / claims))).toISOString().slice(0, 10);
  const { severeMentalDisorder: _ignored, ...rest } = claim as SubmitClaimInput & { severeMentalDisorder?: unknown };
  return { ...rest, personId, claimId: `${claim.claimId}-rank`, admissionDate: day, dischargeDate: day };
};

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
