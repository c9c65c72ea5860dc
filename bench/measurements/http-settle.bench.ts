import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import type { SqliteAccessLog } from '../../src/access-log/sqlite-access-log';
import { ACCESS_LOG } from '../../src/api/access-log/access-log.tokens';
import { createApp } from '../../src/api/app.factory';
import { Authenticator } from '../../src/api/auth/authenticator';
import type { BenchScale } from '../bench-scale';
import { BENEFIT_YEAR, claimAt, personIdOf, type PopulationSpec } from '../population';
import { randomOf } from '../prng';
import { FLOOR_ANSWER, FrameworkFloorModule } from '../support/framework-floor.module';
import { loadPersons, openLedgerFixture } from '../support/ledger-fixture';
import { log, perSecond, summarizeLatencies, temporaryDirectory } from '../support/measure';
import type { Report } from '../support/report';
import { RunProfiler } from '../support/run-profiler';

/**
 * Settle throughput over HTTP: the whole service (`createApp`, as main.ts builds it, with whatever
 * feature modules it wires: projections, audit, feed…) on port 0 of the loopback, driven by Node's
 * http client (a keep-alive agent) with N concurrent clients posting claims. The clients run in a
 * child process (plain node), i.e. on their own event loop and core, as remote clients would: in the
 * server's thread they would take half its CPU, and in a worker thread their CPU would count in the
 * server's `process.cpuUsage()`, which is reported per request beside the rate (CPU time is the
 * steadier figure on a shared machine). Before the service starts, the same client asks a bare Node
 * server in this process for a fixed answer (the client ceiling: what the load generator itself can
 * ask of its core, so a rate near it says the client, not the ledger, was the limit), then an empty
 * Nest application for the same answer (the framework floor). The persons are loaded in-process into
 * the same data directory first (not timed), then the app opens it. Request logs are set to `warn`: at `info` pino
 * would write a line per request to stdout, which is both a cost worth its own measurement and the
 * channel of this table. `PROFILE_RUNS=http-settle,http-reads` (and `PROFILE_DIR`) writes a CPU
 * profile of the server's main thread during each measured run alone.
 */

const WARM_UP_REQUESTS = 200;

export const measureHttpSettle = async (scale: BenchScale, report: Report): Promise<void> => {
  const { persons, requests, clients } = scale.http;
  const spec: PopulationSpec = { seed: scale.seed + 2, persons, claims: WARM_UP_REQUESTS + requests };
  const directory = temporaryDirectory('http');
  let app: INestApplication | null = null;
  const group = 'settle (HTTP)';
  try {
    await measureClientCeiling(scale, report);
    await measureFrameworkFloor(scale, report);
    log(`http: loading ${persons} persons in-process`);
    const fixture = await openLedgerFixture('http', directory.path);
    await loadPersons(fixture.ledger, spec, 0, persons, 64);
    await fixture.close({ keepFiles: true });

    // The bench is one principal posting as fast as it can: a claims feeder, whose default limit
    // (FEEDER_RATE_LIMIT_PER_MINUTE, 600,000) is above what the run asks, so the shipped limits apply.
    app = await createApp({ dataDir: directory.path, port: 0, env: { NODE_ENV: 'production', LOG_LEVEL: 'warn' } });
    await app.listen(0, '127.0.0.1');
    // One credential for both runs: it settles claims (claims-feeder) and reads usage (inspector).
    const token = app.get(Authenticator).tokens.create({ name: 'bench', roles: ['claims-feeder', 'inspector'], regions: null }).token;
    const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const bodies = (from: number, count: number): string[] => Array.from({ length: count }, (_, offset) => JSON.stringify(claimAt(spec, from + offset)));

    log(`http: warm-up ${WARM_UP_REQUESTS} requests`);
    await driveFromClientProcess(`${baseUrl}/claims`, bodies(0, WARM_UP_REQUESTS), clients, token);
    log(`http: ${requests} requests, ${clients} clients (in a child process)`);
    // Made before the measurement starts: building them is the bench's work, not the server's (until
    // round 12 it counted in the server's CPU per request and stalled its event loop for a third of a second).
    const measured = bodies(WARM_UP_REQUESTS, requests);
    const profiler = RunProfiler.fromEnv();
    await profiler?.start('http-settle');
    const loopDelay = startLoopDelay();
    const cpuBefore = process.cpuUsage();
    const run = await driveFromClientProcess(`${baseUrl}/claims`, measured, clients, token);
    const cpu = process.cpuUsage(cpuBefore);
    loopDelay.disable();
    await profiler?.stop();
    const elapsedMs = run.elapsedMs;
    const latency = summarizeLatencies(run.latenciesMs);
    const rate = perSecond(requests - run.failures, elapsedMs);
    const failed = run.failures > 0 ? `; ${run.failures} failed (${run.failureSamples[0] ?? ''})` : '';
    report.add({ group, label: `${clients} clients, keep-alive`, value: rate, unit: 'claims/s', detail: `${requests} requests in ${Math.round(elapsedMs)} ms${failed}` });
    report.add({ group, label: 'latency p50', value: latency.p50Ms, unit: 'ms', detail: `${clients} clients` });
    report.add({ group, label: 'latency p99', value: latency.p99Ms, unit: 'ms', detail: `max ${latency.maxMs.toFixed(1)} ms` });
    report.add({ group, label: 'server CPU per request', value: (cpu.user + cpu.system) / 1000 / requests, unit: 'ms', detail: `user ${(cpu.user / 1000 / requests).toFixed(2)} ms, system ${(cpu.system / 1000 / requests).toFixed(2)} ms; projections included` });
    report.add({ group, ...loopDelayRow(loopDelay) });
    report.target('≥ 3,000 claims/s over HTTP with p99 < 50 ms', `${Math.round(rate)} claims/s, p99 ${latency.p99Ms.toFixed(1)} ms`, rate >= 3_000 && latency.p99Ms < 50);
    report.extra['http'] = { rate, latency, failures: run.failures, failureSamples: run.failureSamples };
    await measureUsageReads(scale, report, baseUrl, spec, token, app.get<SqliteAccessLog>(ACCESS_LOG), profiler);
  } finally {
    if (app) await app.close();
    directory.remove();
  }
};

/**
 * Usage reads over HTTP, after the settle run has filled the read models: GET of a random loaded
 * person's usage for the year, from `clients` keep-alive connections in the client process.
 */
const measureUsageReads = async (
  scale: BenchScale,
  report: Report,
  baseUrl: string,
  spec: PopulationSpec,
  token: string,
  accessLog: SqliteAccessLog,
  profiler: RunProfiler | null,
): Promise<void> => {
  const { requests, clients } = scale.httpReads;
  const random = randomOf(scale.seed ^ 0x0dd5);
  const urls = Array.from({ length: WARM_UP_REQUESTS + requests }, () => `${baseUrl}/persons/${personIdOf(spec.seed, random.int(0, spec.persons - 1))}/years/${BENEFIT_YEAR}/usage`);
  log(`http: ${requests} usage reads, ${clients} connections`);
  await driveFromClientProcess(urls.slice(0, WARM_UP_REQUESTS), [], clients, token);
  const commitsBefore = accessLog.stats();
  await profiler?.start('http-reads');
  const loopDelay = startLoopDelay();
  const cpuBefore = process.cpuUsage();
  const run = await driveFromClientProcess(urls.slice(WARM_UP_REQUESTS), [], clients, token);
  const cpu = process.cpuUsage(cpuBefore);
  loopDelay.disable();
  await profiler?.stop();
  const commitsAfter = accessLog.stats();
  const commits = commitsAfter.commits - commitsBefore.commits;
  const latency = summarizeLatencies(run.latenciesMs);
  const rate = perSecond(requests - run.failures, run.elapsedMs);
  const group = 'usage reads (HTTP)';
  const failed = run.failures > 0 ? `; ${run.failures} failed (${run.failureSamples[0] ?? ''})` : '';
  report.add({ group, label: `${clients} connections, keep-alive`, value: rate, unit: 'requests/s', detail: `${requests} GET …/usage in ${Math.round(run.elapsedMs)} ms${failed}` });
  report.add({ group, label: 'latency p50 / p99', value: latency.p99Ms, unit: 'ms p99', detail: `p50 ${latency.p50Ms.toFixed(2)} ms, max ${latency.maxMs.toFixed(1)} ms` });
  report.add({ group, label: 'server CPU per request', value: (cpu.user + cpu.system) / 1000 / requests, unit: 'ms', detail: `user ${(cpu.user / 1000 / requests).toFixed(2)} ms, system ${(cpu.system / 1000 / requests).toFixed(2)} ms` });
  report.add({ group, ...loopDelayRow(loopDelay) });
  // Reads logged per access-log commit (one fsync each): the group commit's effect under this load.
  report.add({ group, label: 'access-log entries per commit', value: commits > 0 ? (commitsAfter.entries - commitsBefore.entries) / commits : 0, unit: 'entries', detail: `${commits} commits` });
  report.target('usage reads over HTTP ≥ 5,000 requests/s with p99 < 10 ms (16 connections)', `${Math.round(rate)} requests/s, p99 ${latency.p99Ms.toFixed(1)} ms`, rate >= 5_000 && latency.p99Ms < 10);
  report.extra['httpReads'] = { rate, latency, failures: run.failures };
};

/** How finely the event loop's delay is sampled: a stall shorter than this is not seen. */
const LOOP_DELAY_RESOLUTION_MS = 10;

/** The server's event-loop delay during a run: how long a ready request may have waited for the loop. */
const startLoopDelay = (): IntervalHistogram => {
  const histogram = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  histogram.enable();
  return histogram;
};

/** The histogram as a report row: p99 as the value, the longest stall beside it (nanoseconds in, milliseconds out). */
const loopDelayRow = (histogram: IntervalHistogram) => ({
  label: 'event-loop delay p99',
  value: histogram.percentile(99) / 1e6,
  unit: 'ms',
  detail: `max ${(histogram.max / 1e6).toFixed(1)} ms, mean ${(histogram.mean / 1e6).toFixed(1)} ms, sampled every ${LOOP_DELAY_RESOLUTION_MS} ms on the server's main thread`,
});

/**
 * The client ceiling: the reads' client and connection count against a bare node:http server in the
 * bench's process that answers every GET with the same JSON at once.
 */
const measureClientCeiling = async (scale: BenchScale, report: Report): Promise<void> => {
  const { requests, clients } = scale.httpReads;
  const answer = JSON.stringify(FLOOR_ANSWER);
  const server = createServer((_request, response) => response.setHeader('content-type', 'application/json').end(answer));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ceiling`;
    log(`http: client ceiling, ${requests} GET of a bare server, ${clients} connections`);
    await getRepeatedly(url, WARM_UP_REQUESTS, clients);
    const run = await getRepeatedly(url, requests, clients);
    const rate = perSecond(requests - run.failures, run.elapsedMs);
    const latency = summarizeLatencies(run.latenciesMs);
    report.add({ group: 'usage reads (HTTP)', label: 'client ceiling (bare Node server)', value: rate, unit: 'requests/s', detail: `the same client and ${clients} connections; p99 ${latency.p99Ms.toFixed(1)} ms` });
    report.extra['httpClientCeiling'] = { rate, latency };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
};

/**
 * The framework's floor: the same client against an empty Nest application on Fastify, as the service runs (one route
 * answering the same JSON, nothing else) in the bench's process. Its CPU per request is what any
 * route of the service pays before its own work; a target that needs less per request than that
 * cannot be met on this adapter.
 */
const measureFrameworkFloor = async (scale: BenchScale, report: Report): Promise<void> => {
  const { requests, clients } = scale.httpReads;
  const floor = await NestFactory.create(FrameworkFloorModule, new FastifyAdapter(), { logger: false });
  try {
    await floor.listen(0, '127.0.0.1');
    const url = `${(await floor.getUrl()).replace('[::1]', '127.0.0.1')}/floor`;
    log(`http: framework floor, ${requests} GET of an empty Nest application, ${clients} connections`);
    await getRepeatedly(url, WARM_UP_REQUESTS, clients);
    const cpuBefore = process.cpuUsage();
    const run = await getRepeatedly(url, requests, clients);
    const cpu = process.cpuUsage(cpuBefore);
    const rate = perSecond(requests - run.failures, run.elapsedMs);
    const cpuPerRequestMs = (cpu.user + cpu.system) / 1000 / requests;
    report.add({ group: 'usage reads (HTTP)', label: 'framework floor (empty Nest app on Fastify)', value: cpuPerRequestMs, unit: 'ms CPU per request', detail: `${Math.round(rate)} requests/s with the same client and ${clients} connections` });
    report.extra['httpFrameworkFloor'] = { rate, cpuPerRequestMs };
  } finally {
    await floor.close();
  }
};

/** `count` GETs of one URL from `clients` connections, without a credential (the ceiling's and the floor's servers check none). */
const getRepeatedly = (url: string, count: number, clients: number): Promise<DriveResult> =>
  driveFromClientProcess(Array.from({ length: count }, () => url), [], clients, 'none');

interface DriveResult {
  readonly latenciesMs: number[];
  readonly elapsedMs: number;
  readonly failures: number;
  readonly failureSamples: string[];
}

/**
 * The client side, as plain JavaScript evaluated in a child process: `clients` loops, each sending the
 * next request and waiting for its answer (a closed loop, as a caller that waits for its settlement
 * would). Each loop ends when the requests are used up, so the run is bounded by their number. It
 * uses node:http with a keep-alive agent of `clients` sockets, not `fetch`: measured against a bare
 * Node server on this two-core machine, `fetch` (undici) could not ask more than about 2,600–3,000
 * requests/s from its core, below the targets it measured; node:http asks about 8,000 (round 8, the
 * "client ceiling" row below).
 */
const CLIENT_SOURCE = `
const http = require('node:http');
process.once('message', ({ url, bodies, clients, token }) => {
// With a list of URLs and no bodies, each request is a GET of the next URL; else a POST of the next body to the one URL.
const reads = Array.isArray(url);
const total = reads ? url.length : bodies.length;
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
const authorization = 'Bearer ' + token;
const latenciesMs = new Array(total);
const failureSamples = [];
let failures = 0;
let next = 0;
const send = (index) => new Promise((resolve, reject) => {
  const body = reads ? null : bodies[index];
  const headers = reads ? { authorization } : { authorization, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  const request = http.request(reads ? url[index] : url, { method: reads ? 'GET' : 'POST', agent, headers }, (response) => {
    const chunks = [];
    response.on('data', (chunk) => chunks.push(chunk));
    response.on('end', () => resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
    response.on('error', reject);
  });
  request.on('error', reject);
  request.end(body ?? undefined);
});
const client = async () => {
  while (next < total) {
    const index = next++;
    const started = performance.now();
    try {
      const { status, text } = await send(index);
      const expected = reads ? 200 : 201;
      if (status !== expected) throw new Error((reads ? 'GET' : 'POST') + ' answered ' + status + ': ' + text.slice(0, 200));
    } catch (error) {
      failures += 1;
      if (failureSamples.length < 5) failureSamples.push(String(error && error.message || error));
    }
    latenciesMs[index] = performance.now() - started;
  }
};
const started = performance.now();
Promise.all(Array.from({ length: clients }, client)).then(() => {
  process.send({ latenciesMs, elapsedMs: performance.now() - started, failures, failureSamples }, () => process.exit(0));
});
});
`;

const driveFromClientProcess = (url: string | readonly string[], bodies: readonly string[], clients: number, token: string): Promise<DriveResult> =>
  new Promise<DriveResult>((resolve, reject) => {
    // Plain node, without the TypeScript loader the bench itself runs under.
    const child = spawn(process.execPath, ['-e', CLIENT_SOURCE], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (result: DriveResult) => resolve(result));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the HTTP client process exited with code ${code} before answering`)));
    child.send({ url, bodies, clients, token });
  });
