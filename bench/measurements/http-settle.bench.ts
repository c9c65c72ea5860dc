import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../src/app.factory';
import type { BenchScale } from '../bench-scale';
import { claimAt, type PopulationSpec } from '../population';
import { loadPersons, openLedgerFixture } from '../support/ledger-fixture';
import { log, nowMs, perSecond, runConcurrently, summarizeLatencies, temporaryDirectory } from '../support/measure';
import type { Report } from '../support/report';

/**
 * Settle throughput over HTTP: the whole service (`createApp`, as main.ts builds it) on port 0 of the
 * loopback, driven by Node's fetch (undici, keep-alive pool) with N concurrent clients posting
 * claims. The persons are loaded in-process into the same data directory first (not timed), then the
 * app opens it. Request logs are set to `warn`: at `info` pino would write a line per request to
 * stdout, which is both a cost worth its own measurement and the channel of this table.
 */

const WARM_UP_REQUESTS = 200;

export const measureHttpSettle = async (scale: BenchScale, report: Report): Promise<void> => {
  const { persons, requests, clients } = scale.http;
  const spec: PopulationSpec = { seed: scale.seed + 2, persons, claims: WARM_UP_REQUESTS + requests };
  const directory = temporaryDirectory('http');
  let app: INestApplication | null = null;
  const group = 'settle (HTTP)';
  try {
    log(`http: loading ${persons} persons in-process`);
    const fixture = await openLedgerFixture('http', directory.path);
    await loadPersons(fixture.ledger, spec, 0, persons, 64);
    await fixture.close({ keepFiles: true });

    app = await createApp({ dataDir: directory.path, port: 0, env: { NODE_ENV: 'production', LOG_LEVEL: 'warn' } });
    await app.listen(0, '127.0.0.1');
    const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const post = async (index: number): Promise<void> => {
      const response = await fetch(`${baseUrl}/claims`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-actor': 'bench' },
        body: JSON.stringify(claimAt(spec, index)),
      });
      const text = await response.text();
      if (response.status !== 201) throw new Error(`POST /claims answered ${response.status}: ${text.slice(0, 200)}`);
    };

    log(`http: warm-up ${WARM_UP_REQUESTS} requests`);
    await runConcurrently(WARM_UP_REQUESTS, clients, post);
    log(`http: ${requests} requests, ${clients} clients`);
    const started = nowMs();
    const run = await runConcurrently(requests, clients, (offset) => post(WARM_UP_REQUESTS + offset));
    const elapsedMs = nowMs() - started;
    const latency = summarizeLatencies(run.latenciesMs);
    const rate = perSecond(requests - run.failures, elapsedMs);
    const failed = run.failures > 0 ? `; ${run.failures} failed (${run.failureSamples[0] ?? ''})` : '';
    report.add({ group, label: `${clients} clients, keep-alive`, value: rate, unit: 'claims/s', detail: `${requests} requests in ${Math.round(elapsedMs)} ms${failed}` });
    report.add({ group, label: 'latency p50', value: latency.p50Ms, unit: 'ms', detail: `${clients} clients` });
    report.add({ group, label: 'latency p99', value: latency.p99Ms, unit: 'ms', detail: `max ${latency.maxMs.toFixed(1)} ms` });
    report.target('≥ 3,000 claims/s over HTTP with p99 < 50 ms', `${Math.round(rate)} claims/s, p99 ${latency.p99Ms.toFixed(1)} ms`, rate >= 3_000 && latency.p99Ms < 50);
    report.extra['http'] = { rate, latency, failures: run.failures, failureSamples: run.failureSamples };
  } finally {
    if (app) await app.close();
    directory.remove();
  }
};
