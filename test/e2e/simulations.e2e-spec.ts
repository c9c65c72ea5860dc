import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore } from '../../src/event-store/event-store.port';
import { EVENT_STORE } from '../../src/api/infrastructure/tokens';
import { startTestApp, type TestApp } from '../support/app-harness';

const DRAFT = readFileSync(join(__dirname, '..', '..', 'examples', 'heze-draft-2023.yaml'), 'utf8');
/** Polls of a running simulation, 100 ms apart: two minutes, for a worker thread that compiles its TypeScript on a loaded machine. */
const POLLS_MAX = 1200;

/**
 * Policy impact simulation through HTTP (issue 17): a Heze 低保 person with one claim, priced under the
 * example draft (低保 assistance 80% instead of 70%), then the bad inputs, each leaving the store as it was.
 */
describe('simulations API (e2e, embedded store)', () => {
  let subject: TestApp;
  let store: EventStore;

  beforeAll(async () => {
    subject = await startTestApp();
    store = subject.app.get<EventStore>(EVENT_STORE);
    const post = (path: string, body: object) => subject.http.post(path).send(body);
    await post('/persons', { personId: 'p-sim', region: 'heze', scheme: 'RESIDENT' }).expect(201);
    await post('/persons/p-sim/identities', { category: 'SUBSISTENCE', validFrom: '2022-01-01', source: { department: 'CIVIL_AFFAIRS', document: '低保名册 2022-01' } }).expect(201);
    await post('/persons/p-sim/enrollments', { year: 2023, contribution: '380', enrolledOn: '2022-11-15' }).expect(201);
    const claim = { claimId: 'sim-1', personId: 'p-sim', kind: 'INPATIENT', admissionDate: '2023-03-15', dischargeDate: '2023-03-15', hospitalLevel: 'SECONDARY', location: 'IN_COUNTY' };
    await post('/claims', { ...claim, costs: { total: '3000.00' }, adjudicated: { basic: '0.00', critical: '0.00' } }).expect(201);
  });

  afterAll(async () => {
    await subject.close();
  });

  const finished = async (id: string): Promise<Record<string, any>> => {
    for (let poll = 0; poll < POLLS_MAX; poll++) {
      const { body } = await subject.http.get(`/simulations/${id}`).expect(200);
      if (body.status !== 'running') return body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`simulation ${id} still running after ${POLLS_MAX} polls`);
  };

  // Heze §一(四): 低保 assistance, no threshold: 70% of 3000 = 2100.00 paid; the draft's 80% would pay 2400.00.
  it('starts a simulation on a worker thread, answers 202 at once, and reports the draft against what is paid; nothing is appended', async () => {
    const head = await store.headPosition();
    const started = await subject.http.post('/simulations').send({ pack: DRAFT, region: 'heze', year: 2023 }).expect(202);
    expect(started.body).toMatchObject({ status: 'running', region: 'heze', year: 2023 });
    const job = await finished(started.body.id);
    expect(job.status).toBe('done');
    expect(job.report.totals.actual.assistance).toBe('2100.00');
    expect(job.report.totals.draft.assistance).toBe('2400.00');
    expect(job.report.totals.difference.total).toBe('300.00');
    expect(job.report.byCategory).toEqual([expect.objectContaining({ category: 'SUBSISTENCE', claims: { actual: 1, draft: 1 } })]);
    expect(job.report.position).toBe(head.toString());
    expect(await store.headPosition()).toBe(head);
  }, 180_000);

  it('cancels a running simulation', async () => {
    const started = await subject.http.post('/simulations').send({ pack: DRAFT, region: 'heze', year: 2023 }).expect(202);
    const cancelled = await subject.http.delete(`/simulations/${started.body.id}`).expect(200);
    expect(cancelled.body.status).toMatch(/^(cancelled|done)$/);
    expect((await subject.http.get(`/simulations/${started.body.id}`).expect(200)).body.status).toBe(cancelled.body.status);
  });

  it('refuses a draft that is not a valid pack with 400 naming the path, and appends nothing', async () => {
    const head = await store.headPosition();
    const refused = await subject.http.post('/simulations').send({ pack: DRAFT.replace('identityDate: discharge', 'identityDate: someday'), region: 'heze', year: 2023 }).expect(400);
    expect(refused.body.message.join('\n')).toContain('pack.identityDate');
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses a draft of another region with 422 naming the field', async () => {
    const refused = await subject.http.post('/simulations').send({ pack: DRAFT, region: 'shanxi', year: 2023 }).expect(422);
    expect(refused.body).toMatchObject({ code: 'DRAFT_REGION_MISMATCH' });
    expect(refused.body.message).toContain('region');
  });

  it('refuses a draft whose aliases would expand without bound (a YAML alias bomb) with 400 naming the problem, not 500', async () => {
    // Given a draft of nine levels of nine aliases each: 9^9 nodes once its aliases are expanded,
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level++) levels.push(`a${level}: &a${level} [${Array.from({ length: 9 }, () => `*a${level - 1}`).join(', ')}]`);
    const head = await store.headPosition();
    // when it is given to a simulation,
    const refused = await subject.http.post('/simulations').send({ pack: levels.join('\n'), region: 'heze', year: 2023 }).expect(400);
    // then the refusal is the usual pack refusal, naming the aliases, and nothing is appended.
    expect(refused.body.message.join('\n')).toMatch(/^pack\..*yaml: .*alias/m);
    expect(await store.headPosition()).toBe(head);
  });

  // The auditor's case: 5,000 unknown contribution keys were answered with a 529 KB problem list.
  it('caps the problems of a broken draft at 100 lines and says how many were left out', async () => {
    const unknownKeys = Array.from({ length: 2000 }, (_, index) => `  k${index}: 1`).join('\n');
    const head = await store.headPosition();
    const refused = await subject.http.post('/simulations').send({ pack: DRAFT.replace('contribution:\n', `contribution:\n${unknownKeys}\n`), region: 'heze', year: 2023 }).expect(400);
    expect(refused.body.message).toHaveLength(101);
    expect(refused.body.message[100]).toBe('… and 1900 more');
    expect(JSON.stringify(refused.body).length).toBeLessThan(20_000);
    expect(await store.headPosition()).toBe(head);
  });

  // docs/simulation.md: the draft is validated exactly as a published pack is, so what POST /policies refuses is refused here with the same code.
  it.each([
    ['other content under a published revision', { revision: '2022-05-01', corrects: null }, 409, 'REVISION_IMMUTABLE'],
    ['a correction of a revision never published', { corrects: '1999-01-01' }, 422, 'CORRECTED_REVISION_UNKNOWN'],
    ['a period overlapping a published revision it does not correct', { corrects: null }, 409, 'REVISION_OVERLAP'],
  ])('refuses a draft with %s as publishing would, and appends nothing', async (_case, change, status, code) => {
    const head = await store.headPosition();
    const draft = Object.entries(change).reduce((text, [key, value]) => (value === null ? text.replace(new RegExp(`^${key}: .*\n`, 'm'), '') : text.replace(new RegExp(`^${key}: .*$`, 'm'), `${key}: ${value}`)), DRAFT);
    const refused = await subject.http.post('/simulations').send({ pack: draft, region: 'heze', year: 2023 }).expect(status);
    expect(refused.body.code).toBe(code);
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses an againstYear that is not earlier than year with 400 naming the field', async () => {
    const refused = await subject.http.post('/simulations').send({ pack: DRAFT, region: 'heze', year: 2023, againstYear: 2025 }).expect(400);
    expect(refused.body.message).toEqual(['againstYear: againstYear must be a year earlier than year']);
  });

  it('refuses a missing year with 400 naming the field', async () => {
    const refused = await subject.http.post('/simulations').send({ pack: DRAFT, region: 'heze' }).expect(400);
    expect(refused.body.message.join('\n')).toContain('year');
  });

  it('answers a simulation of another region exactly like an unknown one (404), to a read and to a cancellation, and leaves it running', async () => {
    // Given a Heze simulation started by an unlimited caller,
    const started = await subject.http.post('/simulations').send({ pack: DRAFT, region: 'heze', year: 2023 }).expect(202);
    const id: string = started.body.id;
    const unknownId = '00000000-0000-4000-8000-000000000000';
    // when a caller limited to Fumeng reads it and cancels it,
    const fumeng = subject.as('policy-admin', { regions: ['fumeng'] });
    const read = await fumeng.get(`/simulations/${id}`).expect(404);
    const cancel = await fumeng.delete(`/simulations/${id}`).expect(404);
    // then both answers are those for an unknown simulation, and the simulation was not cancelled;
    const unknown = await fumeng.get(`/simulations/${unknownId}`).expect(404);
    for (const refused of [read, cancel]) expect(refused.body).toEqual({ ...unknown.body, message: unknown.body.message.replace(unknownId, id) });
    expect((await subject.http.get(`/simulations/${id}`).expect(200)).body.status).not.toBe('cancelled');
    // and a caller limited to Heze may still read and cancel it.
    const heze = subject.as('operator', { regions: ['heze'] });
    await heze.get(`/simulations/${id}`).expect(200);
    await heze.delete(`/simulations/${id}`).expect(200);
  });

  it('answers 404 for an unknown simulation, to a read and to a cancellation', async () => {
    await subject.http.get('/simulations/00000000-0000-4000-8000-000000000000').expect(404);
    await subject.http.delete('/simulations/not-a-simulation').expect(404);
  });
});
