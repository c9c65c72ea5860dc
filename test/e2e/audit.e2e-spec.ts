import { Logger } from '@nestjs/common';
import type { EventStore } from '../../src/event-store/event-store.port';
import type { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { innermostStore } from '../../src/integrity/guarded-event-store';
import { EVENT_STORE } from '../../src/api/infrastructure/tokens';
import { PROJECTION_RUNNER } from '../../src/api/projections/projections.tokens';
import type { ProjectionRunner } from '../../src/projections/projection.runner';
import { appendEvents, enrollmentRegistered, personRegistered, subsidyDeclined, subsidyGranted } from '../projections/support/ledger-fixtures';
import { startTestApp, type TestApp } from '../support/app-harness';

/**
 * The audit API over the embedded store. Histories are driven through the ledger's own HTTP commands,
 * or appended by hand (public event types) where a test needs a shape the commands would not make
 * quickly (alerts) or raw access (tampering); every answer comes from the projections.
 */
describe('audit API (e2e, embedded store)', () => {
  let subject: TestApp;
  let store: EventStore;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    subject = await startTestApp();
    store = subject.app.get<EventStore>(EVENT_STORE);
    runner = subject.app.get<ProjectionRunner>(PROJECTION_RUNNER);
  });

  afterAll(async () => {
    await subject.close();
  });

  const get = (path: string) => subject.http.get(path);
  /** Appends hand-built events and waits until the projections have them. */
  const given = async (...events: Parameters<typeof appendEvents>[1]): Promise<string> => {
    const position = await appendEvents(store, events);
    expect(await runner.waitForPosition(position, 30_000)).toBe(true);
    return position.toString();
  };

  describe('as of an effective date vs as at a recorded moment, after a retroactive recognition', () => {
    const source = { department: 'CIVIL_AFFAIRS', document: '低保名册 2022-01' };
    let beforeRecognition: string;
    let settled: { payouts: Record<string, string>; appliedCategory: string };
    let reassessed: { next: { payouts: Record<string, string> }; delta: Record<string, string>; appliedCategory: string; correctionId: string };

    // Heze: 边缘易致贫 from 2022 (assistance: threshold 3000, 50%), a claim in March settled under it; then
    // 特困 (no threshold, 70%) is recognised retroactively from 2023-02-01, which reassesses the March claim
    // under the category that pays most (domain contract §4, Heze 一(四)).
    beforeAll(async () => {
      const post = (path: string, body: object) => subject.http.post(path).send(body);
      await post('/persons', { personId: 'p-retro', region: 'heze', scheme: 'RESIDENT' }).expect(201);
      await post('/persons/p-retro/identities', { category: 'EDGE', validFrom: '2022-01-01', source: { department: 'RURAL_REVITALIZATION', document: '监测对象名册 2022' } }).expect(201);
      await post('/persons/p-retro/enrollments', { year: 2023, contribution: '380', enrolledOn: '2022-11-15' }).expect(201);
      const claim = await post('/claims', {
        claimId: 'c-retro-1',
        personId: 'p-retro',
        kind: 'INPATIENT',
        admissionDate: '2023-03-01',
        dischargeDate: '2023-03-15',
        hospitalLevel: 'SECONDARY',
        location: 'IN_COUNTY',
        costs: { total: '80000.00' },
      }).expect(201);
      settled = claim.body.events[0].data;
      await new Promise((resolve) => setTimeout(resolve, 20));
      beforeRecognition = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const recognized = await post('/persons/p-retro/identities', { category: 'DESTITUTE', validFrom: '2023-02-01', source: { ...source, document: '特困名册 2023-07' } }).expect(201);
      reassessed = recognized.body.events.find((event: { type: string }) => event.type === 'ClaimReassessed').data;
      expect(await runner.waitForPosition(BigInt(recognized.body.position), 30_000)).toBe(true);
    });

    it('as of March, known now: 特困 and 边缘易致贫 both held', async () => {
      const response = await get('/persons/p-retro/timeline?asOf=2023-03-15').expect(200);
      expect(response.body.heldOn).toEqual(['DESTITUTE', 'EDGE']);
      expect(response.body.entries.map((entry: { category: string; retroactive: boolean }) => [entry.category, entry.retroactive])).toEqual([
        ['EDGE', true],
        ['DESTITUTE', true],
      ]);
    });

    it('as of March, as at a moment before the recognition was recorded: only 边缘易致贫', async () => {
      const response = await get(`/persons/p-retro/timeline?asOf=2023-03-15&asAt=${encodeURIComponent(beforeRecognition)}`).expect(200);
      expect(response.body.heldOn).toEqual(['EDGE']);
      expect(response.body.entries).toHaveLength(1);
    });

    it('usage as at that moment shows the original settlement; now it shows the reassessed one', async () => {
      expect(reassessed.appliedCategory).toBe('DESTITUTE');
      const then = await get(`/persons/p-retro/years/2023/usage?asAt=${encodeURIComponent(beforeRecognition)}`).expect(200);
      expect(then.body.usage.appliedCategory).toBe(settled.appliedCategory);
      expect(then.body.usage.tiers.assistance.paid).toBe(settled.payouts.assistance);
      const now = await get('/persons/p-retro/years/2023/usage').expect(200);
      expect(now.body.usage.appliedCategory).toBe('DESTITUTE');
      expect(now.body.usage.tiers.assistance.paid).toBe(reassessed.next.payouts.assistance);
      expect(now.body.usage.tiers.assistance.paid).not.toBe(then.body.usage.tiers.assistance.paid);
      const beforeTheClaim = await get('/persons/p-retro/years/2023/usage?asAt=2020-01-01T00:00:00Z').expect(200);
      expect(beforeTheClaim.body.usage.claims).toEqual([]);
    });

    it('explains the claim with its settlement and the reassessment delta', async () => {
      const response = await get('/claims/c-retro-1').expect(200);
      expect(response.body.settlement).toMatchObject({ appliedCategory: 'EDGE', payouts: settled.payouts });
      expect(response.body.settlement.trace.length).toBeGreaterThan(3);
      expect(response.body.reassessments).toEqual([expect.objectContaining({ correctionId: reassessed.correctionId, delta: reassessed.delta })]);
      expect(response.body.current).toMatchObject({ appliedCategory: 'DESTITUTE', payouts: reassessed.next.payouts });
      // The trace is rendered in Chinese by default, every step in words, the reassessment too.
      expect(response.body.explanation.lang).toBe('zh');
      expect(response.body.explanation.settlement.steps.map((step: { text: string }) => step.text).join('\n')).toContain('政策范围内费用');
      expect(response.body.explanation.reassessments).toEqual([expect.objectContaining({ correctionId: reassessed.correctionId })]);
    });

    it('explains the claim as at a moment before the reassessment: the settlement alone, its amounts in force', async () => {
      const then = await get(`/claims/c-retro-1?asAt=${encodeURIComponent(beforeRecognition)}`).expect(200);
      expect(then.body.reassessments).toEqual([]);
      expect(then.body.current).toMatchObject({ appliedCategory: 'EDGE', payouts: settled.payouts });
      expect(then.body.explanation.reassessments).toEqual([]);
      const explanation = await get(`/claims/c-retro-1/explanation?asAt=${encodeURIComponent(beforeRecognition)}`).expect(200);
      expect(explanation.body.reassessments).toEqual([]);
      expect(explanation.body.settlement.steps.length).toBeGreaterThan(3);
      const beforeTheClaim = await get('/claims/c-retro-1?asAt=2020-01-01T00:00:00Z').expect(404);
      expect(beforeTheClaim.body.message).toContain('had not been settled at 2020-01-01T00:00:00Z');
      expect(JSON.stringify((await get('/claims/c-retro-1/explanation?asAt=yesterday').expect(400)).body.message)).toContain('asAt');
    });

    it('renders the explanation in the language asked for: Accept-Language, or lang, Chinese by default', async () => {
      const chinese = await get('/claims/c-retro-1/explanation').expect(200);
      expect(chinese.body.lang).toBe('zh');
      const critical = chinese.body.settlement.steps.find((step: { tier: string | null }) => step.tier === 'critical');
      expect(critical.text).toContain('起付线');
      expect(critical.provenance).toMatchObject({ kind: expect.stringMatching(/^(cited|assumed)$/) });
      expect(critical.figures.find((figure: { name: string }) => figure.name === 'threshold').provenance.text).toMatch(/^(依据|假定)/);
      const english = await get('/claims/c-retro-1/explanation').set('Accept-Language', 'en-GB,en;q=0.9,zh;q=0.1').expect(200);
      expect(english.body.lang).toBe('en');
      expect(english.body.settlement.steps.find((step: { tier: string | null }) => step.tier === 'critical').text).toContain('Critical illness');
      expect((await get('/claims/c-retro-1/explanation?lang=zh').set('Accept-Language', 'en').expect(200)).body.lang).toBe('zh');
      expect(JSON.stringify((await get('/claims/c-retro-1/explanation?lang=fr').expect(400)).body.message)).toContain('lang');
    });

    it('reports the fund totals with the claim moved to the category now applied', async () => {
      const response = await get('/reports/funds?region=heze&from=2023-03&to=2023-03').expect(200);
      const assistance = response.body.rows.filter((row: { tier: string }) => row.tier === 'assistance');
      expect(assistance).toEqual([
        expect.objectContaining({ category: 'DESTITUTE', settled: '0.00', total: reassessed.next.payouts.assistance }),
        expect.objectContaining({ category: 'EDGE', settled: settled.payouts.assistance, total: '0.00' }),
      ]);
      expect(response.body.totals.assistance).toBe(reassessed.next.payouts.assistance);
    });
  });

  describe('through the ledger’s own commands', () => {
    const source = { department: 'CIVIL_AFFAIRS', document: '低保名册 2022-01' };

    it('answers subsidy, usage and events by correlation id right after the writes (minPosition)', async () => {
      const correlation = { 'X-Correlation-Id': 'audit-e2e-enroll' };
      await subject.http.post('/persons').send({ personId: 'p-http', region: 'heze', scheme: 'RESIDENT' }).expect(201);
      await subject.http.post('/persons/p-http/identities').send({ category: 'SUBSISTENCE', validFrom: '2022-01-01', source }).expect(201);
      const enrolled = await subject.http.post('/persons/p-http/enrollments').set(correlation).send({ year: 2023, contribution: '380', enrolledOn: '2022-11-15' }).expect(201);

      const subsidy = await get(`/persons/p-http/years/2023/subsidy?minPosition=${enrolled.body.position}`).expect(200);
      expect(subsidy.body).toMatchObject({ status: 'granted', category: 'SUBSISTENCE', amount: enrolled.body.events[1].data.amount });

      const events = await get('/events?correlationId=audit-e2e-enroll').expect(200);
      expect(events.body.events.map((event: { type: string }) => event.type)).toEqual(['EnrollmentRegistered', 'EnrollmentSubsidyGranted']);
      // Each envelope is read back from the store where the index points.
      expect(events.body.events[0]).toEqual({
        eventId: expect.any(String),
        type: 'EnrollmentRegistered',
        streamName: 'person-p-http',
        revision: '2',
        position: expect.stringMatching(/^\d+$/),
        correlationId: 'audit-e2e-enroll',
        causationId: expect.any(String),
        actor: expect.any(String),
        recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        schemaVersion: 1,
      });
      expect(events.body.truncated).toBe(false);

      const claim = await subject.http
        .post('/claims')
        .send({ claimId: 'c-http-1', personId: 'p-http', kind: 'INPATIENT', admissionDate: '2023-03-01', dischargeDate: '2023-03-15', hospitalLevel: 'SECONDARY', location: 'IN_COUNTY', costs: { total: '80000.00' } })
        .expect(201);
      const usage = await get(`/persons/p-http/years/2023/usage?minPosition=${claim.body.position}`).expect(200);
      const settled = claim.body.events[0].data;
      expect(usage.body.usage.tiers.basic.paid).toBe(settled.payouts.basic);
      expect(usage.body.usage.tiers.critical).toMatchObject({ paid: settled.payouts.critical, base: settled.accumulators.after.criticalBase });
      expect(usage.body.usage.tiers.critical.threshold).toMatch(/^\d+\.\d{2}$/);
      expect(usage.body.usage.tiers.assistance.cap).toMatch(/^(\d+\.\d{2}|unlimited)$/);
    });
  });

  describe('alerts and subsidies from hand-built events', () => {
    it('lists open alerts, and all of them on request', async () => {
      await given(
        personRegistered('p-alerts'),
        { type: 'HighCostAlertRaised', data: { personId: 'p-alerts', year: 2023, rule: 'r-1', ruleName: '因病返贫', threshold: '6000.00', burden: '6500.00', claimId: 'c-a' } },
        { type: 'HighCostAlertRaised', data: { personId: 'p-alerts', year: 2023, rule: 'r-2', ruleName: '因病致贫', threshold: '20000.00', burden: '21000.00', claimId: 'c-a' } },
        { type: 'HighCostAlertWithdrawn', data: { personId: 'p-alerts', year: 2023, rule: 'r-2', ruleName: '因病致贫', threshold: '20000.00', burden: '19000.00', claimId: 'c-b' } },
      );
      const open = await get('/persons/p-alerts/alerts').expect(200);
      expect(open.body.map((alert: { rule: string }) => alert.rule)).toEqual(['r-1']);
      const all = await get('/persons/p-alerts/alerts?status=all').expect(200);
      expect(all.body.map((alert: { rule: string; open: boolean }) => [alert.rule, alert.open])).toEqual([
        ['r-1', true],
        ['r-2', false],
      ]);
    });

    it('shows a granted subsidy with its rule', async () => {
      await given(personRegistered('p-sub'), enrollmentRegistered({ personId: 'p-sub' }), subsidyGranted({ personId: 'p-sub', amount: '350.00' }));
      const response = await get('/persons/p-sub/years/2023/subsidy').expect(200);
      expect(response.body).toMatchObject({ status: 'granted', amount: '350.00', rule: { kind: 'full' }, enrollment: { contribution: '350.00' } });
    });
  });

  // Issue 14 item 6: enrollments, subsidy status and alerts answer asAt the way usage and timelines do.
  describe('subsidy, enrollments and alerts as at a recorded moment', () => {
    const at = (recordedAt: string) => ({ recordedAt });
    beforeAll(async () => {
      await given(
        { event: personRegistered('p-asat'), options: at('2023-01-10T00:00:00.000Z') },
        { event: enrollmentRegistered({ personId: 'p-asat' }), options: at('2023-01-11T00:00:00.000Z') },
        { event: subsidyDeclined({ personId: 'p-asat', reason: 'no category held on the enrollment date' }), options: at('2023-01-11T00:00:01.000Z') },
        // A retroactive recognition, recorded in June, leads to a grant (a pack with midYearTopUp).
        { event: subsidyGranted({ personId: 'p-asat', amount: '350.00', category: 'DESTITUTE' }), options: at('2023-06-01T00:00:00.000Z') },
        {
          event: { type: 'HighCostAlertRaised', data: { personId: 'p-asat', year: 2023, rule: 'r-1', ruleName: '因病返贫', threshold: '6000.00', burden: '6500.00', claimId: 'c-1' } },
          options: at('2023-03-01T00:00:00.000Z'),
        },
        {
          event: { type: 'HighCostAlertWithdrawn', data: { personId: 'p-asat', year: 2023, rule: 'r-1', ruleName: '因病返贫', threshold: '6000.00', burden: '5900.00', claimId: 'c-1' } },
          options: at('2023-07-01T00:00:00.000Z'),
        },
      );
    });

    it('the subsidy: declined as at May (Beijing time), granted now', async () => {
      const may = await get(`/persons/p-asat/years/2023/subsidy?asAt=${encodeURIComponent('2023-05-01T08:00:00+08:00')}`).expect(200);
      expect(may.body).toMatchObject({ status: 'declined', amount: '0.00', declined: { reason: 'no category held on the enrollment date' }, grants: [] });
      const now = await get('/persons/p-asat/years/2023/subsidy').expect(200);
      expect(now.body).toMatchObject({ status: 'granted', amount: '350.00', category: 'DESTITUTE', declined: null });
    });

    it('the enrollments: none before the enrollment was recorded, one after', async () => {
      expect((await get('/persons/p-asat/enrollments?asAt=2023-01-10T12:00:00Z').expect(200)).body).toEqual([]);
      const after = await get('/persons/p-asat/enrollments?asAt=2023-01-11T12:00:00Z').expect(200);
      expect(after.body.map((row: { year: number; status: string }) => [row.year, row.status])).toEqual([[2023, 'declined']]);
    });

    it('the alerts: open as at April, withdrawn now, absent before it was raised', async () => {
      const april = await get('/persons/p-asat/alerts?asAt=2023-04-01T00:00:00Z').expect(200);
      expect(april.body.map((alert: { rule: string; burden: string }) => [alert.rule, alert.burden])).toEqual([['r-1', '6500.00']]);
      expect((await get('/persons/p-asat/alerts').expect(200)).body).toEqual([]);
      expect((await get('/persons/p-asat/alerts?status=all&asAt=2023-02-01T00:00:00Z').expect(200)).body).toEqual([]);
    });

    it('refuses an asAt without an offset, naming the field', async () => {
      const response = await get('/persons/p-asat/alerts?asAt=2023-04-01T00:00:00').expect(400);
      expect(JSON.stringify(response.body)).toContain('asAt');
    });
  });

  describe('refusals', () => {
    it.each([
      ['/persons/p-retro/timeline?asOf=2023-02-30', 'asOf: must be a calendar date written YYYY-MM-DD'],
      ['/persons/p-retro/timeline?asAt=2023-06-01T00:00:00', 'asAt: must be an ISO-8601 timestamp with an offset'],
      ['/persons/p-retro/years/23/usage', 'year: must be a year from 1900 to 2200'],
      ['/persons/p-retro/alerts?status=closed', 'status: must be one of open, all'],
      ['/reports/funds?from=2023-13', 'from: must be a month written YYYY-MM'],
      ['/reports/funds?from=2023-05&to=2023-04', 'from: must not be after to'],
      ['/events', 'correlationId: is required'],
      ['/persons/p-retro/timeline?minPosition=-1', 'minPosition: must be a global position'],
      ['/persons/p-retro/timeline?asOf=2023-01-01&asOf=2023-02-01', 'asOf: must be given once'],
    ])('400 for %s', async (path, message) => {
      const response = await get(path).expect(400);
      expect(response.body.message.join('\n')).toContain(message);
    });

    it('404 for an unknown claim and an unknown person', async () => {
      expect((await get('/claims/c-nobody').expect(404)).body.code).toBe('CLAIM_NOT_FOUND');
      expect((await get('/persons/p-nobody/timeline').expect(404)).body.code).toBe('PERSON_NOT_FOUND');
      expect((await get('/persons/p-nobody/years/2023/usage').expect(404)).body.code).toBe('PERSON_NOT_FOUND');
      for (const path of ['/persons/p-nobody/years/2023/subsidy', '/persons/p-nobody/enrollments', '/persons/p-nobody/alerts']) {
        expect((await get(path).expect(404)).body.code).toBe('PERSON_NOT_FOUND');
      }
    });

    it('503 PROJECTION_BEHIND when minPosition is beyond anything recorded', async () => {
      const head = await store.headPosition();
      const response = await get(`/events?correlationId=x&minPosition=${head + 1000n}`).expect(503);
      expect(response.body.code).toBe('PROJECTION_BEHIND');
    }, 15_000);

    it('logs the 503 of a minPosition beyond anything recorded at warn, without a stack: the client made the position up', async () => {
      // Given a position no write has answered with,
      const position = (await store.headPosition()) + 1000n;
      const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      const warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      try {
        // when a read asks for it,
        await get(`/events?correlationId=x&minPosition=${position}`).expect(503);
        // then the refusal is logged once, as a warning with no stack, and nothing at error level names the request.
        const ours = (calls: unknown[][]): unknown[][] => calls.filter((call) => String(call[0]).includes(`minPosition=${position}`));
        expect(ours(warnings.mock.calls)).toEqual([[expect.stringContaining(`position ${position}`)]]);
        expect(ours(errors.mock.calls)).toEqual([]);
      } finally {
        errors.mockRestore();
        warnings.mockRestore();
      }
    }, 15_000);
  });

  describe('health', () => {
    it('includes the projections with their lag', async () => {
      const response = await get('/health').expect(200);
      expect(response.body.details.projections).toMatchObject({ status: 'up', state: 'live', behind: '0' });
    });
  });
  describe('GET /audit/verify', () => {
    it('reports an intact store, then the first broken link of a tampered stream', async () => {
      const intact = await get('/audit/verify').expect(200);
      expect(intact.body).toMatchObject({ ok: true, breaks: [] });
      expect(intact.body.eventsChecked).toBeGreaterThan(10);

      const target = await given(personRegistered('p-tamper'), enrollmentRegistered({ personId: 'p-tamper', contribution: '350.00' }));
      // The app reads through the integrity guard and the upcaster chain; the tampering goes to the stored events underneath.
      const raw = (innermostStore(store) as SqliteEventStore).unsafeDatabaseForTests();
      // Rewrites the contribution in place, as someone with file access might.
      raw.prepare('UPDATE events SET data = replace(data, ?, ?) WHERE position = ?').run('"350.00"', '"35.00"', BigInt(target));

      const report = await get('/audit/verify').expect(200);
      expect(report.body.ok).toBe(false);
      expect(report.body.breaks).toEqual([
        expect.objectContaining({ streamName: 'person-p-tamper', revision: '1', position: target, problem: 'altered' }),
      ]);
      // A forgery found on demand is as final as one found at start: no more writes (so nothing is signed over it)
      const write = await subject.http.post('/persons').send({ personId: 'p-after-tamper', region: 'heze', scheme: 'RESIDENT' });
      expect(write.status).toBe(503);
      expect(write.body.message).toContain('verification found 1 problem(s) in the event store: altered');
    });
  });

  describe('OpenAPI', () => {
    it('documents every audit endpoint with its parameters', async () => {
      const document = (await get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, { parameters?: Array<{ name: string }> }>> };
      const parameters = (path: string): string[] => (document.paths[path]?.get?.parameters ?? []).map((parameter) => parameter.name).sort();
      expect(parameters('/persons/{personId}/timeline')).toEqual(['asAt', 'asOf', 'minPosition', 'personId']);
      expect(parameters('/persons/{personId}/years/{year}/usage')).toEqual(['asAt', 'minPosition', 'personId', 'year']);
      expect(parameters('/reports/funds')).toEqual(['from', 'minPosition', 'region', 'to']);
      expect(parameters('/persons/{personId}/years/{year}/subsidy')).toEqual(['asAt', 'minPosition', 'personId', 'year']);
      expect(parameters('/persons/{personId}/alerts')).toEqual(['asAt', 'minPosition', 'personId', 'status']);
      expect(parameters('/persons/{personId}/enrollments')).toEqual(['asAt', 'minPosition', 'personId']);
      for (const path of ['/persons/{personId}/years/{year}/subsidy', '/persons/{personId}/alerts', '/claims/{claimId}', '/events', '/audit/verify', '/feed', '/feed/stream']) {
        expect(document.paths[path]?.get).toBeDefined();
      }
    });
  });


});
