import { EVENT_STORE } from '../../src/api/infrastructure/tokens';
import type { EventStore } from '../../src/event-store/event-store.port';
import { startTestApp, type TestApp } from '../support/app-harness';
import { hezeSubsistenceAt75 } from '../support/heze-correction';

const PERSONS = 6;

/**
 * Issue 13, limit 5: the service decides a region-wide reassessment on its reassessment threads
 * (here for any region: REASSESSMENT_THREADS_MIN_PERSON_YEARS=0), each with its own read-only
 * connection under the writer's read horizon, and says so in /metrics. Through HTTP, on the
 * embedded store, with the wiring of the running service.
 */
describe('region reassessment on the service\'s reassessment threads (e2e, embedded store)', () => {
  let subject: TestApp;
  let store: EventStore;
  const post = (path: string, body: object) => subject.http.post(path).send(body);
  const metric = (text: string, name: string): number => Number(text.split('\n').find((line) => line.startsWith(`${name} `))?.split(' ')[1]);

  beforeAll(async () => {
    subject = await startTestApp({ env: { REASSESSMENT_THREADS: '2', REASSESSMENT_THREADS_MIN_PERSON_YEARS: '0' } });
    store = subject.app.get<EventStore>(EVENT_STORE);
    // Given 低保 persons in Heze with a claim each, paid at 0.70 under revision 2022-05-01
    for (let index = 0; index < PERSONS; index += 1) {
      const personId = `t-${index}`;
      await post('/persons', { personId, region: 'heze', scheme: 'RESIDENT' }).expect(201);
      await post(`/persons/${personId}/identities`, { category: 'SUBSISTENCE', validFrom: '2022-01-01', source: { department: 'CIVIL_AFFAIRS', document: '低保名册' } }).expect(201);
      await post(`/persons/${personId}/enrollments`, { year: 2023, contribution: '380.00', enrolledOn: '2022-11-15' }).expect(201);
      const claim = { claimId: `c-${personId}`, personId, kind: 'INPATIENT', admissionDate: '2023-04-01', dischargeDate: '2023-04-01' };
      await post('/claims', { ...claim, hospitalLevel: 'SECONDARY', location: 'IN_COUNTY', costs: { total: '10000.00' }, adjudicated: { basic: '0.00', critical: '0.00' } }).expect(201);
    }
    // and the ratio corrected to 0.75
    await post('/policies', { pack: hezeSubsistenceAt75, reason: '低保 ratio corrected to 75%', document: '菏医保〔2023〕1号' }).expect(201);
  });
  afterAll(async () => subject.close());

  it('reports, appends once and then nothing, decided on the threads', async () => {
    const scope = { region: 'heze', from: '2023-01-01', to: '2023-12-31' };
    const head = await store.headPosition();
    const dry = await post('/reassessments', { scope, reason: 'revision 2022-05-01-c1', dryRun: true }).expect(200);
    expect(await store.headPosition()).toBe(head);
    // 0.75 × 10000 = 7500.00 against 7000.00: +500.00 each
    expect(dry.body).toMatchObject({ dryRun: true, personYears: PERSONS, claimsAffected: PERSONS, delta: { assistance: '3000.00', total: '3000.00' } });

    const real = await post('/reassessments', { scope, reason: 'revision 2022-05-01-c1', correctionId: 'heze-c1' }).expect(201);
    expect(real.body.events).toHaveLength(PERSONS);
    expect(real.body.events[0]).toMatchObject({ type: 'ClaimReassessed', data: { correctionId: 'heze-c1', delta: { assistance: '500.00' } } });
    const again = await post('/reassessments', { scope, reason: 'revision 2022-05-01-c1', correctionId: 'heze-c1' }).expect(200);
    expect(again.body).toMatchObject({ claimsAffected: 0, events: [] });

    const metrics = (await subject.http.get('/metrics').expect(200)).text;
    expect(metric(metrics, 'benefits_ledger_reassessment_threads')).toBe(2);
    expect(metric(metrics, 'benefits_ledger_reassessment_thread_person_years_total')).toBe(3 * PERSONS);
    expect(metric(metrics, 'benefits_ledger_reassessment_thread_failed_waves_total')).toBe(0);
  });
});
