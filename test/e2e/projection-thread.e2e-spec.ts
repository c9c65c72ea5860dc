import { PROJECTION_RUNNER } from '../../src/api/projections/projections.tokens';
import { ThreadedProjectionRunner } from '../../src/projections/threaded-projection-runner';
import { startTestApp, type TestApp } from '../support/app-harness';

/**
 * The service as deployed: projections on their own thread (PROJECTIONS_THREAD=worker, the default
 * outside tests), and the store's WAL checkpointed on another (WAL_CHECKPOINTS=thread). A write answers with its position; a read with `minPosition` sees it, because the
 * thread reports each committed batch and the service reads the same WAL database.
 */
describe('projections on a worker thread (e2e, embedded store)', () => {
  let subject: TestApp;

  beforeAll(async () => {
    subject = await startTestApp({ env: { PROJECTIONS_THREAD: 'worker', WAL_CHECKPOINTS: 'thread' } });
  }, 60_000);

  afterAll(async () => {
    await subject.close();
  });

  const post = (path: string, body: object) => subject.http.post(path).send(body);
  const source = { department: 'CIVIL_AFFAIRS', document: '低保名册 2022-01' };

  it('runs the threaded runner', () => {
    expect(subject.app.get(PROJECTION_RUNNER)).toBeInstanceOf(ThreadedProjectionRunner);
  });

  it('given a settled claim, when the usage and the claim are read at its position, then both hold it', async () => {
    await post('/persons', { personId: 'p-thread', region: 'heze', scheme: 'RESIDENT' }).expect(201);
    await post('/persons/p-thread/identities', { category: 'SUBSISTENCE', validFrom: '2022-01-01', source }).expect(201);
    await post('/persons/p-thread/enrollments', { year: 2023, contribution: '380', enrolledOn: '2022-11-15' }).expect(201);
    const settled = await post('/claims', {
      claimId: 'c-thread-1',
      personId: 'p-thread',
      kind: 'INPATIENT',
      admissionDate: '2023-03-10',
      dischargeDate: '2023-03-15',
      hospitalLevel: 'SECONDARY',
      location: 'IN_COUNTY',
      costs: { total: '20000.00' },
    }).expect(201);
    const position = settled.body.position as string;
    const payouts = settled.body.settlement.payouts;

    const usage = await subject.http.get(`/persons/p-thread/years/2023/usage?minPosition=${position}`).expect(200);
    expect(usage.body.usage.claims.map((claim: { claimId: string; payouts: unknown }) => [claim.claimId, claim.payouts])).toEqual([['c-thread-1', payouts]]);
    const claim = await subject.http.get(`/claims/c-thread-1?minPosition=${position}`).expect(200);
    expect(claim.body.current.payouts).toEqual(payouts);
    expect(claim.body.settlement.trace.length).toBeGreaterThan(0);
  });

  it('reports the projection thread live and caught up, and the checkpoint thread on, in /health', async () => {
    const head = (await post('/persons', { personId: 'p-thread-2', region: 'heze', scheme: 'RESIDENT' }).expect(201)).body.position as string;
    await subject.http.get(`/persons/p-thread-2/timeline?minPosition=${head}`).expect(200);
    const health = await subject.http.get('/health').expect(200);
    expect(health.body.details.projections).toMatchObject({ status: 'up', state: 'live', behind: '0' });
    expect(health.body.details.eventStore.walCheckpoints).toEqual({ on: 'thread', checkpoints: expect.any(Number) });
  });
});
