import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/app-harness';

/**
 * `GET /metrics` (issue 15 item 5): after a few commands over HTTP (one refused), the Prometheus
 * text names each command with its outcome, the append latency, the group-commit sizes, the
 * projection lag of every projection, the SSE clients and the refused requests by status.
 */
describe('GET /metrics', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app.close());

  const sample = (text: string, name: string, labels: Record<string, string> = {}): number | null => {
    const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
    const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{`) || candidate.startsWith(`${name} `) ? wanted.every((label) => candidate.includes(label)) : false);
    return line === undefined ? null : Number(line.slice(line.lastIndexOf(' ') + 1));
  };

  it('counts commands by type and outcome, appends, group commits, projection lag, SSE clients and refusals', async () => {
    await app.http.post('/persons').send({ personId: 'm-1', region: 'heze', scheme: 'RESIDENT' }).expect(201);
    await app.http.post('/persons').send({ personId: 'm-2', region: 'heze', scheme: 'RESIDENT' }).expect(201);
    await app.http
      .post('/persons/m-1/identities')
      .send({ category: 'SUBSISTENCE', validFrom: '2023-01-01', source: { department: 'CIVIL_AFFAIRS', document: '低保名册 2023-01' } })
      .expect(201);
    // Registered elsewhere already: the ledger refuses (409), and the refusal is counted too.
    await app.http.post('/persons').send({ personId: 'm-1', region: 'fumeng', scheme: 'RESIDENT' }).expect(409);
    await app.http.get('/persons/nobody-here').expect(404);

    const response = await app.http.get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const text = response.text;
    expect(sample(text, 'benefits_ledger_commands_total', { command: 'RegisterPerson', outcome: 'ok' })).toBe(2);
    expect(sample(text, 'benefits_ledger_commands_total', { command: 'RegisterPerson', outcome: 'conflict' })).toBe(1);
    expect(sample(text, 'benefits_ledger_commands_total', { command: 'RecognizeIdentity', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'benefits_ledger_command_duration_seconds_count', { command: 'RegisterPerson', outcome: 'ok' })).toBe(2);
    // Three commands appended; the seed packs were published before the metrics were wired, or after: at least three.
    expect(sample(text, 'benefits_ledger_append_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'benefits_ledger_group_commit_appends_count')).toBeGreaterThanOrEqual(3);
    for (const projection of ['person-year-usage', 'open-alerts', 'identity-timeline']) {
      expect(sample(text, 'benefits_ledger_projection_lag_positions', { projection })).not.toBeNull();
    }
    expect(sample(text, 'benefits_ledger_sse_clients')).toBe(0);
    expect(sample(text, 'benefits_ledger_http_refused_total', { status: '409' })).toBe(1);
    expect(sample(text, 'benefits_ledger_http_refused_total', { status: '404' })).toBe(1);
    // No region here is large enough for the reassessment threads: none started, none decided, none failed.
    expect(sample(text, 'benefits_ledger_reassessment_threads')).toBe(0);
    expect(sample(text, 'benefits_ledger_reassessment_thread_person_years_total')).toBe(0);
    expect(sample(text, 'benefits_ledger_reassessment_thread_failed_waves_total')).toBe(0);
    expect(text).toContain('benefits_ledger_process_resident_memory_bytes');
    // The store passed start-up verification; the first full one has not run yet (5 minutes after start).
    expect(sample(text, 'benefits_ledger_integrity_writable')).toBe(1);
    expect(sample(text, 'benefits_ledger_full_verification_last_finished_timestamp_seconds')).toBe(0);
    expect(sample(text, 'benefits_ledger_full_verification_last_ok')).toBe(0);
  });

  it('reports the last full verification once one has run', async () => {
    const before = Date.now() / 1000;
    const report = await app.http.get('/audit/verify').expect(200);
    expect(report.body.ok).toBe(true);
    const text = (await app.http.get('/metrics').expect(200)).text;
    expect(sample(text, 'benefits_ledger_full_verification_last_ok')).toBe(1);
    expect(sample(text, 'benefits_ledger_full_verification_last_finished_timestamp_seconds')).toBeGreaterThanOrEqual(Math.floor(before));
    expect(sample(text, 'benefits_ledger_integrity_writable')).toBe(1);
  });

  it('serves every metric the Grafana dashboard in docs/ queries', async () => {
    const dashboard = readFileSync(join(__dirname, '..', '..', 'docs', 'grafana-dashboard.json'), 'utf8');
    const queried = new Set([...dashboard.matchAll(/benefits_ledger_[a-z0-9_]+/g)].map(([name]) => name.replace(/_(bucket|sum|count)$/, '')));
    expect(queried.size).toBeGreaterThanOrEqual(10);
    const text = (await app.http.get('/metrics').expect(200)).text;
    for (const name of queried) expect(`${name}: ${text.includes(`# TYPE ${name} `)}`).toBe(`${name}: true`);
  });
});
