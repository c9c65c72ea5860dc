import type { EventStore } from '../../src/event-store/event-store.port';
import type { IntegrityGate } from '../../src/integrity/integrity-gate';
import { EVENT_STORE, INTEGRITY_GATE } from '../../src/api/infrastructure/tokens';
import { startTestApp, type TestApp } from '../support/app-harness';

// The GB 11643 sample number.
const ID_NUMBER = '11010519491231002X';
const STORE_STATE = 'test: stream person-x no longer matches its chain';

/**
 * The global guards run in a fixed order (AppModule's imports): authentication and the rate limit,
 * then the refusal of personal identifiers, then the refusal of writes while the store is not
 * verified. A caller without a credential learns nothing but 401: neither what the service makes of
 * its input nor the state of the store. Run on a store marked broken, so every guard has a reason
 * to refuse and only the order decides which one answers.
 */
describe('the order of the global guards (e2e, embedded store)', () => {
  let subject: TestApp;
  let store: EventStore;

  beforeAll(async () => {
    subject = await startTestApp();
    store = subject.app.get<EventStore>(EVENT_STORE);
    subject.app.get<IntegrityGate>(INTEGRITY_GATE).broken(STORE_STATE);
  }, 60_000);

  afterAll(async () => {
    await subject.close();
  });

  it.each([
    { label: 'a write carrying an ID number', call: (app: TestApp) => app.anonymous.post('/persons').send({ personId: ID_NUMBER, region: 'heze', scheme: 'RESIDENT' }) },
    { label: 'a read with an ID number in its path', call: (app: TestApp) => app.anonymous.get(`/persons/${ID_NUMBER}`) },
    { label: 'a clean write while the store is broken', call: (app: TestApp) => app.anonymous.post('/persons').send({ personId: 'p-anonymous', region: 'heze', scheme: 'RESIDENT' }) },
  ])('answers a caller without a credential 401 first: $label', async ({ call }) => {
    const head = await store.headPosition();
    const response = await call(subject).expect(401);
    const text = JSON.stringify(response.body) + JSON.stringify(response.headers);
    expect(text).not.toContain(ID_NUMBER);
    expect(text).not.toContain(STORE_STATE);
    expect(response.headers['x-integrity-warning']).toBeUndefined();
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses an authenticated write carrying an ID number with 422 before looking at the store', async () => {
    const response = await subject.as('registrar').post('/persons').send({ personId: ID_NUMBER, region: 'heze', scheme: 'RESIDENT' }).expect(422);
    expect(response.body.code).toBe('PERSONAL_DATA_NOT_ALLOWED');
  });

  it('refuses an authenticated clean write with 503 naming the store state, and lets reads answer with a warning', async () => {
    const write = await subject.as('registrar').post('/persons').send({ personId: 'p-registrar', region: 'heze', scheme: 'RESIDENT' }).expect(503);
    expect(write.body).toMatchObject({ code: 'STORE_TAMPERED' });
    expect(write.body.message).toContain(STORE_STATE);
    const read = await subject.as('inspector').get('/feed?limit=1').expect(200);
    expect(read.headers['x-integrity-warning']).toMatch(/^broken: /);
  });
});
