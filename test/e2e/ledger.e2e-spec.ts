import type { EventStore } from '../../src/event-store/event-store.port';
import { EVENT_STORE } from '../../src/api/infrastructure/tokens';
import { startTestApp, type TestApp } from '../support/app-harness';

/**
 * The ledger through HTTP on the embedded store: a person's year, every error class with the store
 * unchanged, concurrent claims against one cap, and duplicate submissions. Amounts are computed by
 * hand from policies/heze/2022-05-01.yaml and policies/shanxi/2023-05-01.yaml (see each comment).
 */
describe('ledger API (e2e, embedded store)', () => {
  let subject: TestApp;
  let store: EventStore;

  beforeAll(async () => {
    subject = await startTestApp();
    store = subject.app.get<EventStore>(EVENT_STORE);
  });

  afterAll(async () => {
    await subject.close();
  });

  const post = (path: string, body: object) => subject.http.post(path).send(body);
  const source = { department: 'CIVIL_AFFAIRS', document: '低保名册 2022-01' };

  /** A registered Heze resident holding 低保 from 2022 and enrolled for 2023. */
  const subsistencePerson = async (personId: string): Promise<void> => {
    await post('/persons', { personId, region: 'heze', scheme: 'RESIDENT' }).expect(201);
    await post(`/persons/${personId}/identities`, { category: 'SUBSISTENCE', validFrom: '2022-01-01', source }).expect(201);
    await post(`/persons/${personId}/enrollments`, { year: 2023, contribution: '380', enrolledOn: '2022-11-15' }).expect(201);
  };

  /** An inpatient claim whose basic and critical tiers were adjudicated elsewhere: assistance sees P − basic. */
  const adjudicatedClaim = (claimId: string, personId: string, total: string, basic = '0.00', discharge = '2023-03-15') => ({
    claimId,
    personId,
    kind: 'INPATIENT',
    admissionDate: discharge,
    dischargeDate: discharge,
    hospitalLevel: 'SECONDARY',
    location: 'IN_COUNTY',
    costs: { total },
    adjudicated: { basic, critical: '0.00' },
  });

  describe("a person's year", () => {
    it('registers, recognises 低保, enrolls with the 70% subsidy and settles a claim through every tier', async () => {
      const registered = await post('/persons', { personId: 'p-year', region: 'heze', scheme: 'RESIDENT' }).expect(201);
      expect(registered.body.events.map((event: { type: string }) => event.type)).toEqual(['PersonRegistered']);
      expect(registered.body.position).toMatch(/^\d+$/);
      await post('/persons/p-year/identities', { category: 'SUBSISTENCE', validFrom: '2022-01-01', source }).expect(201);

      // Heze 一(二) (assumed 70% for 低保) of the pack's 2023 contribution 380 = 266.00.
      const enrolled = await post('/persons/p-year/enrollments', { year: 2023, contribution: '380', enrolledOn: '2022-11-15' }).expect(201);
      expect(enrolled.body.events[1]).toMatchObject({ type: 'EnrollmentSubsidyGranted', data: { category: 'SUBSISTENCE', amount: '266.00' } });

      // P = 80000; basic (80000 − 500) × 0.75 = 59625.00; tilted critical (20375 − 5000) × 0.65 = 9993.75;
      // assistance 0.70 × (80000 − 59625 − 9993.75 = 10381.25) = 7266.875 → 7266.88; re-assistance base 3114.37 < 5000 → 0.
      const claim = await post('/claims', {
        claimId: 'c-year-1',
        personId: 'p-year',
        kind: 'INPATIENT',
        admissionDate: '2023-03-01',
        dischargeDate: '2023-03-15',
        hospitalLevel: 'SECONDARY',
        location: 'IN_COUNTY',
        costs: { total: '80000' },
      }).expect(201);
      expect(claim.body.duplicate).toBe(false);
      expect(claim.body.settlement).toMatchObject({
        appliedCategory: 'SUBSISTENCE',
        payouts: { basic: '59625.00', critical: '9993.75', assistance: '7266.88', reassistance: '0.00' },
        outOfPocket: '3114.37',
      });
      expect(claim.body.settlement.trace.length).toBeGreaterThan(3);
      expect(BigInt(claim.body.position)).toBe(await store.headPosition());
    });

    it('applies a mid-year change from 低保 (cap 70000) to 返贫 (cap 10000) against the shared accumulators', async () => {
      await subsistencePerson('p-change');
      // a = 20000 − 2857.14 = 17142.86; 0.70 × a = 12000.002 → 12000.00 (低保, no threshold).
      const first = await post('/claims', adjudicatedClaim('c-change-1', 'p-change', '20000.00', '2857.14')).expect(201);
      expect(first.body.settlement.payouts.assistance).toBe('12000.00');

      const revocation = { category: 'SUBSISTENCE', validTo: '2023-06-30', reason: '收入超过低保标准', source };
      await post('/persons/p-change/identities/revocations', revocation).expect(201);
      const returned = { category: 'RETURNED_TO_POVERTY', validFrom: '2023-07-01', source: { department: 'RURAL_REVITALIZATION', document: '返贫监测 2023-07' } };
      await post('/persons/p-change/identities', returned).expect(201);

      // 返贫's cap 10000 is already exceeded by the 12000 paid this year: no more assistance. Re-assistance
      // (separate cap 20000, threshold 5000): R goes 5142.86 → 15142.86, so 0.70 × 10000 = 7000.00.
      const second = await post('/claims', adjudicatedClaim('c-change-2', 'p-change', '10000.00', '0.00', '2023-08-10')).expect(201);
      expect(second.body.settlement).toMatchObject({
        appliedCategory: 'RETURNED_TO_POVERTY',
        payouts: { assistance: '0.00', reassistance: '7000.00' },
      });

      const person = await subject.http.get('/persons/p-change').expect(200);
      expect(person.body.identities).toEqual([
        { category: 'SUBSISTENCE', validFrom: '2022-01-01', validTo: '2023-06-30' },
        { category: 'RETURNED_TO_POVERTY', validFrom: '2023-07-01', validTo: null },
      ]);
      expect(person.body.enrollments).toEqual([
        { year: 2023, scheme: 'RESIDENT', contribution: '380.00', enrolledOn: '2022-11-15', subsidy: { category: 'SUBSISTENCE', amount: '266.00' } },
      ]);
    });

    it('pays assistance up to the 70000 cap exactly, then nothing more', async () => {
      await subsistencePerson('p-cap');
      // 0.70 × 90000 = 63000.00, then 0.70 × 10000 = 7000.00 reaches 70000.00; a third claim gets 0.00.
      const amounts: string[] = [];
      for (const [index, total] of ['90000.00', '10000.00', '5000.00'].entries()) {
        const response = await post('/claims', adjudicatedClaim(`c-cap-${index}`, 'p-cap', total)).expect(201);
        amounts.push(response.body.settlement.payouts.assistance);
      }
      expect(amounts).toEqual(['63000.00', '7000.00', '0.00']);
    });

    it('raises a monitoring alert when a Shanxi 稳定脱贫 person\'s burden passes 6000', async () => {
      await post('/persons', { personId: 'p-alert', region: 'shanxi', scheme: 'RESIDENT' }).expect(201);
      await post('/persons/p-alert/identities', { category: 'STABLE_OUT_OF_POVERTY', validFrom: '2021-01-01', source: { department: 'RURAL_REVITALIZATION', document: '脱贫人口名册' } }).expect(201);
      await post('/persons/p-alert/enrollments', { year: 2023, contribution: '380.00', enrolledOn: '2023-06-01' }).expect(201);

      // 稳定脱贫 has no assistance rule: with basic and critical adjudicated at 0 the whole 7000.00 is out of pocket (> 6000).
      const claim = await post('/claims', adjudicatedClaim('c-alert-1', 'p-alert', '7000.00', '0.00', '2023-07-20')).expect(201);
      expect(claim.body.settlement.outOfPocket).toBe('7000.00');
      expect(claim.body.events.map((event: { type: string }) => event.type)).toEqual(['ClaimSettled', 'HighCostAlertRaised']);
      expect(claim.body.events[1].data).toMatchObject({ rule: 'returning-to-poverty', threshold: '6000.00', burden: '7000.00' });
    });

    // Issue 14: a disease-coded 门诊慢特病 claim under Guizhou's example disease table (assumed figures):
    // 糖尿病 deductible 300 a year, 60% → (3000 − 300) × 0.60 = 1620.00; 低保 assistance 70% × 1380 = 966.00.
    it('settles a claim carrying a disease code on that disease\'s terms, and records the code', async () => {
      await post('/persons', { personId: 'p-chronic', region: 'guizhou', scheme: 'RESIDENT' }).expect(201);
      await post('/persons/p-chronic/identities', { category: 'SUBSISTENCE', validFrom: '2022-01-01', source }).expect(201);
      await post('/persons/p-chronic/enrollments', { year: 2023, contribution: '380.00', enrolledOn: '2022-12-01' }).expect(201);
      const body = { claimId: 'c-chronic-1', personId: 'p-chronic', kind: 'OUTPATIENT_CHRONIC', admissionDate: '2023-04-01', dischargeDate: '2023-04-01', hospitalLevel: 'PRIMARY', location: 'IN_COUNTY', costs: { total: '3000.00' } };
      const refused = await post('/claims', { ...body, diseaseCode: 'diabetes' }).expect(400);
      expect(JSON.stringify(refused.body)).toContain('diseaseCode');
      const claim = await post('/claims', { ...body, diseaseCode: 'E11.900' }).expect(201);
      expect(claim.body.settlement.payouts).toMatchObject({ basic: '1620.00', critical: '0.00', assistance: '966.00', reassistance: '0.00' });
      expect(claim.body.events[0].data.claim.diseaseCode).toBe('E11.900');
    });
  });

  describe('errors leave the store unchanged', () => {
    beforeAll(async () => {
      await subsistencePerson('p-err');
      await post('/persons', { personId: 'p-unenrolled', region: 'heze', scheme: 'RESIDENT' }).expect(201);
      await post('/claims', adjudicatedClaim('c-err-1', 'p-err', '1000.00')).expect(201);
    });

    const unchanged = async (request: () => Promise<{ status: number; body: Record<string, unknown> }>) => {
      const before = await store.headPosition();
      const response = await request();
      expect(await store.headPosition()).toBe(before);
      return response;
    };

    it('400 names the field and the rule', async () => {
      const body = { ...adjudicatedClaim('c-bad', 'p-err', '12.345'), kind: 'DENTAL', admissionDate: '2023-02-30' };
      const response = await unchanged(() => post('/claims', body).expect(400));
      expect(response.body.message).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^costs\.total: .*at most two decimals/),
          expect.stringMatching(/^kind: .*INPATIENT/),
          expect.stringMatching(/^admissionDate: .*YYYY-MM-DD/),
        ]),
      );
    });

    it('400 refuses unknown fields, numbers as amounts and a discharge before admission', async () => {
      const body = { ...adjudicatedClaim('c-bad', 'p-err', '1.00'), costs: { total: 100 }, dischargeDate: '2023-02-01', surprise: true };
      const response = await unchanged(() => post('/claims', body).expect(400));
      expect(response.body.message).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^surprise: property surprise should not exist/),
          expect.stringMatching(/^costs\.total: /),
          expect.stringMatching(/^dischargeDate: dischargeDate must not be before admissionDate/),
        ]),
      );
    });

    it('400 on a reassessment scope that mixes both forms', async () => {
      const response = await unchanged(() => post('/reassessments', { scope: { personId: 'p-err', year: 2023, region: 'heze' }, reason: 'x' }).expect(400));
      expect(response.body.message).toEqual(expect.arrayContaining([expect.stringMatching(/^scope\.region: /)]));
    });

    it('404 for an unknown person, on reads and on commands', async () => {
      await unchanged(() => subject.http.get('/persons/p-nobody').expect(404));
      const response = await unchanged(() => post('/claims', adjudicatedClaim('c-nobody', 'p-nobody', '100.00')).expect(404));
      expect(response.body.code).toBe('PERSON_NOT_FOUND');
    });

    it('409 for a claim id reused with different content, and for a person registered differently', async () => {
      const claim = await unchanged(() => post('/claims', adjudicatedClaim('c-err-1', 'p-err', '2000.00')).expect(409));
      expect(claim.body.code).toBe('CLAIM_ID_REUSED');
      const person = await unchanged(() => post('/persons', { personId: 'p-err', region: 'fumeng', scheme: 'RESIDENT' }).expect(409));
      expect(person.body.code).toBe('PERSON_ALREADY_REGISTERED');
    });

    it('422 NOT_ENROLLED for a person without an enrollment for the year', async () => {
      const response = await unchanged(() => post('/claims', adjudicatedClaim('c-unenrolled', 'p-unenrolled', '100.00')).expect(422));
      expect(response.body.code).toBe('NOT_ENROLLED');
    });

    it('422 POLICY_SCOPE_NEGATIVE when the exclusions exceed the total', async () => {
      const body = { ...adjudicatedClaim('c-negative', 'p-err', '100.00'), costs: { total: '100.00', outOfCatalog: '200.00' } };
      const response = await unchanged(() => post('/claims', body).expect(422));
      expect(response.body.code).toBe('POLICY_SCOPE_NEGATIVE');
    });

    it('422 NO_POLICY_IN_FORCE before the first Heze revision (2022-05-01)', async () => {
      const response = await unchanged(() => post('/claims', adjudicatedClaim('c-early', 'p-err', '100.00', '0.00', '2021-03-15')).expect(422));
      expect(response.body.code).toBe('NO_POLICY_IN_FORCE');
    });
  });

  describe('concurrency and duplicates', () => {
    it('settles 50 concurrent claims against one 70000 cap: assistance paid is exactly the cap, no 500s', async () => {
      await subsistencePerson('p-race');
      // Each claim asks 0.70 × 3000 = 2100.00; 50 of them would be 105000.00.
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, index) => post('/claims', adjudicatedClaim(`c-race-${index}`, 'p-race', '3000.00'))),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(50).fill(201));
      const paid = responses.reduce((sum, response) => sum + fen(response.body.settlement.payouts.assistance), 0n);
      expect(paid).toBe(fen('70000.00'));

      const recorded = await store.readStream('benefit-year-p-race-2023', { maxCount: 1000 });
      const settled = recorded.filter((event) => event.type === 'ClaimSettled');
      expect(settled).toHaveLength(50);
      expect(settled.reduce((sum, event) => sum + fen((event.data as { payouts: { assistance: string } }).payouts.assistance), 0n)).toBe(fen('70000.00'));
    });

    it('answers a duplicate submission with the recorded settlement (200) and stores one ClaimSettled', async () => {
      await subsistencePerson('p-dup');
      const body = adjudicatedClaim('c-dup-1', 'p-dup', '4000.00');
      const first = await post('/claims', body).expect(201);
      const before = await store.headPosition();
      const second = await post('/claims', body).expect(200);

      expect(await store.headPosition()).toBe(before);
      expect(second.body.duplicate).toBe(true);
      expect(second.body.events).toEqual([]);
      expect(second.body.settlement).toEqual(first.body.settlement);
      const recorded = await store.readStream('benefit-year-p-dup-2023', { maxCount: 100 });
      expect(recorded.filter((event) => event.type === 'ClaimSettled')).toHaveLength(1);
    });

    it('takes correlation id and idempotency key from the headers, and the actor from the credential, never from X-Actor', async () => {
      const response = await subject
        .as('registrar')
        .post('/persons')
        .send({ personId: 'p-headers', region: 'heze', scheme: 'RESIDENT' })
        .set('X-Actor', 'system:policy-admin')
        .set('X-Correlation-Id', 'corr-42')
        .set('Idempotency-Key', 'register-p-headers')
        .expect(201);
      const me = await subject.as('registrar').get('/auth/me').expect(200);
      const [event] = await store.readStream('person-p-headers');
      expect(event?.metadata).toMatchObject({ actor: expect.stringMatching(/^token:[0-9a-f]{16}#registrar$/), correlationId: 'corr-42' });
      expect(event?.metadata.actor).not.toContain('policy-admin');
      // A second registrar token is another principal: the actor names the one that wrote.
      expect(event?.metadata.actor).not.toBe(`${me.body.id}#registrar`);
      expect(response.body.events[0].eventId).toBe(event?.metadata.eventId);
    });
  });
});

/** Amounts as integer fen, so sums are exact without floating point. */
const fen = (amount: string): bigint => BigInt(amount.replace('.', ''));
