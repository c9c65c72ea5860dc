import Decimal from 'decimal.js';
import type { EventStore, RecordedEvent } from '../../src/event-store/event-store.port';
import { EVENT_STORE } from '../../src/api/infrastructure/tokens';
import type { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { innermostStore } from '../../src/integrity/guarded-event-store';
import { startTestApp, type TestApp } from '../support/app-harness';

/**
 * A hospital settlement id pays once, ever: resubmitted for another person, another year or with
 * other content it is refused with 409 CLAIM_ID_REUSED, with or without Idempotency-Key, and the fund
 * report still equals the sum of the recorded events afterwards.
 */
describe('a claim id is settled once ever (e2e, embedded store)', () => {
  let subject: TestApp;
  let store: EventStore;

  beforeAll(async () => {
    subject = await startTestApp();
    store = subject.app.get<EventStore>(EVENT_STORE);
    for (const personId of ['p-once-a', 'p-once-b', 'p-once-c', 'p-once-d']) {
      await post('/persons', { personId, region: 'heze', scheme: 'RESIDENT' }).expect(201);
      for (const year of [2023, 2024]) await post(`/persons/${personId}/enrollments`, { year, contribution: '380', enrolledOn: `${year - 1}-11-15` }).expect(201);
    }
  });

  afterAll(async () => {
    await subject.close();
  });

  const post = (path: string, body: object, headers: Record<string, string> = {}) => subject.http.post(path).set(headers).send(body);

  const claim = (claimId: string, personId: string, total: string, discharge = '2023-03-15') => ({
    claimId,
    personId,
    kind: 'INPATIENT',
    admissionDate: discharge,
    dischargeDate: discharge,
    hospitalLevel: 'SECONDARY',
    location: 'IN_COUNTY',
    costs: { total },
  });

  const allEvents = async (): Promise<RecordedEvent[]> => store.readAll({ maxCount: 100_000 });

  it('answers a resubmission with the original result and refuses every other person, year and content', async () => {
    const first = await post('/claims', claim('hz-once-1', 'p-once-a', '30000.00')).expect(201);
    const before = (await allEvents()).length;

    const again = await post('/claims', claim('hz-once-1', 'p-once-a', '30000.00')).expect(200);
    expect(again.body.settlement).toEqual(first.body.settlement);
    expect(again.body.events).toEqual([]);

    const refusals: Array<[string, object, Record<string, string>]> = [
      ['another person', claim('hz-once-1', 'p-once-b', '30000.00'), {}],
      ['another person with an Idempotency-Key', claim('hz-once-1', 'p-once-b', '30000.00'), { 'Idempotency-Key': 'hospital-retry-1' }],
      ['another year', claim('hz-once-1', 'p-once-a', '30000.00', '2024-02-01'), {}],
      ['other content', claim('hz-once-1', 'p-once-a', '31000.00'), {}],
    ];
    for (const [why, body, headers] of refusals) {
      const refused = await post('/claims', body, headers);
      expect({ why, status: refused.status, code: refused.body.code }).toEqual({ why, status: 409, code: 'CLAIM_ID_REUSED' });
      expect(refused.body.message).toContain('claimId');
      expect(refused.body.message).not.toContain('p-once-a');
    }
    const refused = await post('/claims', claim('hz-once-1', 'p-once-c', '30000.00')).expect(409);
    // Without authentication every caller may see whom the id paid; the access guard narrows this.
    expect(refused.body.original).toEqual({ personId: 'p-once-a', year: 2023 });
    expect((await allEvents()).length).toBe(before);
  });

  it('lets exactly one of concurrent submissions of one id for different persons and years settle', async () => {
    const attempts = await Promise.all([
      post('/claims', claim('hz-once-race', 'p-once-a', '12000.00', '2024-05-01')),
      post('/claims', claim('hz-once-race', 'p-once-b', '12000.00')),
      post('/claims', claim('hz-once-race', 'p-once-c', '12000.00', '2024-05-01')),
      post('/claims', claim('hz-once-race', 'p-once-d', '12000.00')),
    ]);
    expect(attempts.map((attempt) => attempt.status).sort()).toEqual([201, 409, 409, 409]);
    const settled = (await allEvents()).filter((event) => event.type === 'ClaimSettled' && (event.data as { claimId: string }).claimId === 'hz-once-race');
    expect(settled).toHaveLength(1);
  });

  it('keeps the fund report equal to the sum of the recorded events after the reuse attempts', async () => {
    const events = await allEvents();
    const head = events[events.length - 1]!.position;
    const report = await subject.http.get(`/reports/funds?region=heze&minPosition=${head}`).expect(200);
    const sums: Record<string, Decimal> = { basic: new Decimal(0), critical: new Decimal(0), assistance: new Decimal(0), reassistance: new Decimal(0) };
    for (const event of events) {
      if (event.type !== 'ClaimSettled') continue;
      const payouts = (event.data as { payouts: Record<string, string> }).payouts;
      for (const tier of Object.keys(sums)) sums[tier] = sums[tier]!.plus(payouts[tier]!);
    }
    for (const tier of Object.keys(sums)) expect({ tier, total: report.body.totals[tier] }).toEqual({ tier, total: sums[tier]!.toFixed(2) });
    expect(sums.basic!.greaterThan(0)).toBe(true);
  });
});

describe('a store altered while the service runs (e2e, embedded store)', () => {
  it('refuses the append onto the altered stream, then every write, while reads answer with a warning', async () => {
    const subject = await startTestApp();
    try {
      await subject.http.post('/persons').send({ personId: 'p-live', region: 'heze', scheme: 'RESIDENT' }).expect(201);
      const store = subject.app.get<EventStore>(EVENT_STORE);
      const raw = (innermostStore(store) as SqliteEventStore).unsafeDatabaseForTests();
      raw.prepare(`UPDATE events SET data = replace(data, '"heze"', '"bozhou"') WHERE stream_name = 'person-p-live'`).run();
      const head = await store.headPosition();

      const refused = await subject.http.post('/persons/p-live/enrollments').send({ year: 2023, contribution: '380.00', enrolledOn: '2022-11-15' });
      expect(refused.status).toBe(503);
      expect(refused.body.code).toBe('STORE_TAMPERED');
      const elsewhere = await subject.http.post('/persons').send({ personId: 'p-other', region: 'heze', scheme: 'RESIDENT' });
      expect(elsewhere.status).toBe(503);
      expect(await store.headPosition()).toBe(head);
      const health = await subject.http.get('/health');
      expect(health.status).toBe(503);
      expect(health.body.error.integrity.verification).toBe('broken');
      const read = await subject.http.get('/persons/p-live').expect(200);
      expect(read.headers['x-integrity-warning']).toMatch(/^broken: .*person-p-live/);
    } finally {
      await subject.close();
    }
  });
});

/**
 * The 409 of a reused claim id may name the person-year the id paid, but only to a caller that may
 * read that person: one of the reading roles and, for a credential limited to regions, the person's
 * region. Otherwise a Heze desk would learn, from a conflict, who is registered in Fumeng.
 */
describe('whom a reused claim id paid, and callers limited to regions (e2e, embedded store)', () => {
  let subject: TestApp;

  beforeAll(async () => {
    subject = await startTestApp();
    for (const [personId, region] of [['p-fm-once', 'fumeng'], ['p-hz-once-a', 'heze'], ['p-hz-once-b', 'heze']] as const) {
      await subject.http.post('/persons').send({ personId, region, scheme: 'RESIDENT' }).expect(201);
      await subject.http.post(`/persons/${personId}/enrollments`).send({ year: 2023, contribution: '380', enrolledOn: '2022-11-15' }).expect(201);
    }
    await subject.http.post('/claims').send(claimFor('fm-once-1', 'p-fm-once')).expect(201);
    await subject.http.post('/claims').send(claimFor('hz-once-2', 'p-hz-once-a')).expect(201);
  });

  afterAll(async () => {
    await subject.close();
  });

  const claimFor = (claimId: string, personId: string) => ({
    claimId,
    personId,
    kind: 'INPATIENT',
    admissionDate: '2023-04-01',
    dischargeDate: '2023-04-01',
    hospitalLevel: 'SECONDARY',
    location: 'IN_COUNTY',
    costs: { total: '20000.00' },
  });
  /** A hospital system that may also read persons, so only its regions decide what it learns. */
  const feederReading = (regions: readonly string[]) => subject.as(['claims-feeder', 'inspector'], { regions });

  it('keeps the conflict but leaves out a person of another region', async () => {
    // Given a claim id settled for a Fumeng person, when a Heze-limited caller reuses it for a Heze person
    const refused = await feederReading(['heze']).post('/claims').send(claimFor('fm-once-1', 'p-hz-once-b')).expect(409);
    // then it is told the id is taken, and nothing of whom it paid.
    expect(refused.body.code).toBe('CLAIM_ID_REUSED');
    expect(refused.body).not.toHaveProperty('original');
    expect(JSON.stringify(refused.body)).not.toMatch(/p-fm-once|fumeng/);
  });

  it('names the original person-year to a caller limited to that person\'s region', async () => {
    // Given claim ids settled in Heze and in Fumeng, when callers of those regions reuse them,
    const heze = await feederReading(['heze']).post('/claims').send(claimFor('hz-once-2', 'p-hz-once-b')).expect(409);
    const both = await feederReading(['heze', 'fumeng']).post('/claims').send(claimFor('fm-once-1', 'p-hz-once-b')).expect(409);
    // then each is told whom the id paid, as an unlimited inspector would be.
    expect(heze.body.original).toEqual({ personId: 'p-hz-once-a', year: 2023 });
    expect(both.body.original).toEqual({ personId: 'p-fm-once', year: 2023 });
  });
});
