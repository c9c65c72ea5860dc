import type { EventStore } from '../../src/event-store/event-store.port';
import { EVENT_STORE } from '../../src/api/infrastructure/tokens';
import { startTestApp, type TestApp } from '../support/app-harness';
import { heze, hezeSubsistenceAt75 } from '../support/heze-correction';

/**
 * Policies, corrections and reassessments through HTTP: seed packs published at start, operator packs
 * validated by the loader, a correction replayed with exact deltas (dry run first), retroactive
 * recognitions reassessing at once, and Fumeng's one-time assistance.
 */
describe('ledger API: policies and reassessments (e2e, embedded store)', () => {
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
  const unchangedBy = async <T>(request: () => Promise<T>): Promise<T> => {
    const before = await store.headPosition();
    const response = await request();
    expect(await store.headPosition()).toBe(before);
    return response;
  };
  const source = { department: 'CIVIL_AFFAIRS', document: '低保名册' } as const;
  const claim = (claimId: string, personId: string, total: string, date: string) => ({
    claimId,
    personId,
    kind: 'INPATIENT',
    admissionDate: date,
    dischargeDate: date,
    hospitalLevel: 'SECONDARY',
    location: 'IN_COUNTY',
    costs: { total },
    adjudicated: { basic: '0.00', critical: '0.00' },
  });

  describe('policies', () => {
    it('publishes the shipped packs at start and lists them by region', async () => {
      const all = await subject.http.get('/policies').expect(200);
      const regions = new Set(all.body.policies.map((policy: { ref: { region: string } }) => policy.ref.region));
      expect([...regions].sort()).toEqual(['bozhou', 'fumeng', 'guizhou', 'heze', 'shanxi']);

      const hezeOnly = await subject.http.get('/policies?region=heze').expect(200);
      expect(hezeOnly.body.policies.map((policy: { ref: unknown }) => policy.ref)).toEqual([heze.ref]);
      await subject.http.get('/policies?region=Not%20A%20Region').expect(400);
    });

    it('answers a seed reference already published with 200 and appends nothing', async () => {
      const response = await unchangedBy(() => post('/policies', { seed: 'heze' }).expect(200));
      expect(response.body).toMatchObject({ events: [], revisions: [heze.ref] });
    });

    it('refuses an unknown seed (422), a broken pack (400 naming the path) and both at once (400)', async () => {
      const unknown = await unchangedBy(() => post('/policies', { seed: 'atlantis' }).expect(422));
      expect(unknown.body.code).toBe('UNKNOWN_SEED_PACK');

      const broken = { ...heze.pack, revision: 'broken', assistance: { ...heze.pack.assistance, basis: 'weekly' } };
      const invalid = await unchangedBy(() => post('/policies', { pack: broken }).expect(400));
      expect(invalid.body.message).toEqual(expect.arrayContaining([expect.stringMatching(/^pack\.assistance\.basis: /)]));

      const both = await unchangedBy(() => post('/policies', { pack: heze.pack, seed: 'heze' }).expect(400));
      expect(both.body.message).toEqual(expect.arrayContaining([expect.stringMatching(/^seed: seed and pack are alternatives/)]));
    });

    // The auditor's case: a pack with thousands of unknown contribution keys was answered with a 580 KB problem list.
    it('caps the problems of a broken pack at 100 lines and says how many were left out', async () => {
      const unknownKeys = Object.fromEntries(Array.from({ length: 2000 }, (_, index) => [`k${index}`, '1.00']));
      const broken = { ...heze.pack, revision: 'many-problems', contribution: { ...heze.pack.contribution, ...unknownKeys } };
      const refused = await unchangedBy(() => post('/policies', { pack: broken }).expect(400));
      expect(refused.body.message).toHaveLength(101);
      expect(refused.body.message[0]).toMatch(/^pack\.contribution\.k\d+: /);
      expect(refused.body.message[100]).toBe('… and 1900 more');
      expect(JSON.stringify(refused.body).length).toBeLessThan(20_000);
    });

    // The auditor's case: 2022-05-01-c9 shares 2022-05-01's open period without correcting it (低保 at 0.80).
    it('refuses (409) a revision that overlaps a published one without corrects, and appends nothing', async () => {
      const subsistence = { ...heze.pack.assistance.categories.SUBSISTENCE, ratio: '0.80' };
      const overlapping = { ...heze.pack, revision: '2022-05-01-c9', assistance: { ...heze.pack.assistance, categories: { ...heze.pack.assistance.categories, SUBSISTENCE: subsistence } } };
      const refused = await unchangedBy(() => post('/policies', { pack: overlapping }).expect(409));
      expect(refused.body.code).toBe('REVISION_OVERLAP');
      expect(refused.body.message).toContain('revision-overlap: revisions 2022-05-01 (2022-05-01 … open) and 2022-05-01-c9 (2022-05-01 … open) of heze overlap');
      const hezeOnly = await subject.http.get('/policies?region=heze').expect(200);
      expect(hezeOnly.body.policies.map((policy: { ref: unknown }) => policy.ref)).toEqual([heze.ref]);
    });
  });

  describe('retroactive recognition', () => {
    it('reassesses the claims it covers at once, in the same response', async () => {
      await post('/persons', { personId: 'p-retro', region: 'heze', scheme: 'RESIDENT' }).expect(201);
      await post('/persons/p-retro/enrollments', { year: 2023, contribution: '380.00', enrolledOn: '2022-12-01' }).expect(201);
      // No category: "其他人员不享受医疗救助", so the 10000.00 claim gets no assistance.
      const settled = await post('/claims', claim('c-retro-1', 'p-retro', '10000.00', '2023-03-10')).expect(201);
      expect(settled.body.settlement.payouts.assistance).toBe('0.00');

      // 低保 recognised from 1 January (recorded today): the claim is replayed as 低保, 0.70 × 10000 = 7000.00.
      const recognized = await post('/persons/p-retro/identities', { category: 'SUBSISTENCE', validFrom: '2023-01-01', source }).expect(201);
      const types = recognized.body.events.map((event: { type: string }) => event.type);
      expect(types).toEqual(['IdentityRecognized', 'ClaimReassessed']);
      expect(recognized.body.events[1].data).toMatchObject({ claimId: 'c-retro-1', delta: { assistance: '7000.00' }, appliedCategory: 'SUBSISTENCE' });
    });
  });

  describe('a correction', () => {
    const corrected = hezeSubsistenceAt75;

    beforeAll(async () => {
      await post('/persons', { personId: 'p-corr', region: 'heze', scheme: 'RESIDENT' }).expect(201);
      await post('/persons/p-corr/identities', { category: 'SUBSISTENCE', validFrom: '2022-01-01', source }).expect(201);
      await post('/persons/p-corr/enrollments', { year: 2023, contribution: '380.00', enrolledOn: '2022-11-15' }).expect(201);
      // 0.70 × 10000 = 7000.00 under revision 2022-05-01.
      const settled = await post('/claims', claim('c-corr-1', 'p-corr', '10000.00', '2023-04-01')).expect(201);
      expect(settled.body.settlement.payouts.assistance).toBe('7000.00');
    });

    it('is published as a new revision; the same content again is a 200, other content a 409', async () => {
      const published = await post('/policies', { pack: corrected, reason: '低保 ratio corrected to 75%', document: '菏医保〔2023〕1号' }).expect(201);
      expect(published.body.events[0]).toMatchObject({ type: 'PolicyPublished', data: { revision: '2022-05-01-c1', corrects: '2022-05-01' } });
      await unchangedBy(() => post('/policies', { pack: corrected }).expect(200));
      const rewritten = await unchangedBy(() => post('/policies', { pack: { ...corrected, contribution: { ...heze.pack.contribution, '2023': '1.00' } } }).expect(409));
      expect(rewritten.body.code).toBe('REVISION_IMMUTABLE');
    });

    // With c1 published, a second correction of the original would drop c1; it must correct c1 instead.
    it('refuses (409) a correction that branches off the original instead of the newest correction', async () => {
      const branch = { ...corrected, revision: '2022-05-01-c2' };
      const refused = await unchangedBy(() => post('/policies', { pack: branch }).expect(409));
      expect(refused.body.code).toBe('CORRECTION_NOT_HEAD');
      expect(refused.body.message).toContain('corrects: 2022-05-01-c1');
    });

    it('reports the impact on a dry run and appends nothing', async () => {
      const body = { scope: { personId: 'p-corr', year: 2023 }, reason: 'revision 2022-05-01-c1', dryRun: true };
      const report = await unchangedBy(() => post('/reassessments', body).expect(200));
      // 0.75 × 10000 = 7500.00: +500.00 assistance; re-assistance stays 0 (remainder 2500 < 5000).
      expect(report.body).toMatchObject({ dryRun: true, claims: 1, claimsAffected: 1, delta: { assistance: '500.00', total: '500.00' }, events: [] });
    });

    it('appends ClaimReassessed with the exact delta, and a second run appends nothing', async () => {
      const body = { scope: { personId: 'p-corr', year: 2023 }, reason: 'revision 2022-05-01-c1', correctionId: 'corr-heze-c1' };
      const first = await post('/reassessments', body).expect(201);
      expect(first.body.events[0]).toMatchObject({
        type: 'ClaimReassessed',
        data: { claimId: 'c-corr-1', correctionId: 'corr-heze-c1', delta: { assistance: '500.00' }, next: { payouts: { assistance: '7500.00' } } },
      });
      expect(BigInt(first.body.position)).toBe(await store.headPosition());

      const second = await unchangedBy(() => post('/reassessments', body).expect(200));
      expect(second.body).toMatchObject({ claimsAffected: 0, events: [] });
    });

    it('reassesses a region and period as well: the correction also reaches p-retro\'s claim', async () => {
      const body = { scope: { region: 'heze', from: '2023-01-01', to: '2023-12-31' }, reason: 'sweep', dryRun: true };
      const report = await unchangedBy(() => post('/reassessments', body).expect(200));
      // p-corr is already reassessed; p-retro's 低保 claim (7000.00) would become 0.75 × 10000 = 7500.00.
      expect(report.body).toMatchObject({ dryRun: true, personYears: 2, claims: 2, claimsAffected: 1, delta: { assistance: '500.00' }, events: [] });
      expect(report.body.largestChanges[0]).toMatchObject({ claimId: 'c-retro-1', totalDelta: '500.00' });
    });
  });

  describe('one-time assistance', () => {
    it('is refused (422) where the pack provides none', async () => {
      const response = await unchangedBy(() => post('/persons/p-corr/one-time-assistance', { applicationDate: '2023-09-01' }).expect(422));
      expect(response.body.code).toBe('NOT_PROVIDED');
    });

    it('grants Fumeng 因病致贫 the look-back once', async () => {
      await post('/persons', { personId: 'p-once', region: 'fumeng', scheme: 'RESIDENT' }).expect(201);
      await post('/persons/p-once/enrollments', { year: 2023, contribution: '380.00', enrolledOn: '2022-12-01' }).expect(201);
      // No category: nothing but the adjudicated 0.00 is paid, so the policy-scope remainder is the whole 25000.00.
      await post('/claims', claim('c-once-1', 'p-once', '25000.00', '2023-03-01')).expect(201);
      await post('/persons/p-once/identities', { category: 'ILLNESS_IMPOVERISHED', validFrom: '2023-08-01', source: { department: 'MEDICAL_SECURITY', document: '因病致贫认定 2023-08' } }).expect(201);

      // 二(三)2 with 因病致贫's rule: (25000 − 5000) × 0.50 = 10000.00, under the 20000 cap.
      const granted = await post('/persons/p-once/one-time-assistance', { applicationDate: '2023-09-01' }).expect(201);
      expect(granted.body.events[0]).toMatchObject({ type: 'OneTimeAssistanceGranted', data: { claimsCovered: ['c-once-1'], amount: '10000.00' } });
      const again = await unchangedBy(() => post('/persons/p-once/one-time-assistance', { applicationDate: '2023-10-01' }).expect(409));
      expect(again.body.code).toBe('ONE_TIME_ASSISTANCE_GRANTED');
    });
  });

  it('documents every ledger endpoint in OpenAPI', async () => {
    const document = await subject.http.get('/docs-json').expect(200);
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining([
        '/policies',
        '/persons',
        '/persons/{personId}',
        '/persons/{personId}/identities',
        '/persons/{personId}/identities/revocations',
        '/persons/{personId}/enrollments',
        '/persons/{personId}/one-time-assistance',
        '/claims',
        '/reassessments',
      ]),
    );
    expect(document.body.paths['/claims'].post.responses['422'].content['application/json'].schema.$ref).toMatch(/ErrorResponse/);
  });
});
