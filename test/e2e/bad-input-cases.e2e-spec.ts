import type { EventStore } from '../../src/event-store/event-store.port';
import { EVENT_STORE } from '../../src/api/infrastructure/tokens';
import { startTestApp, type TestApp } from '../support/app-harness';

/**
 * The bad inputs that probing every route found accepted, one by one:
 * each was answered 200 or 201, most of them appending, or ignored a part of the request silently.
 * Each is now refused with a message naming the part and the rule, and the store's head stays put.
 */
describe('bad input found accepted, now refused (e2e, embedded store)', () => {
  let subject: TestApp;
  let store: EventStore;
  const source = { department: 'CIVIL_AFFAIRS', document: '低保名册 2022-01' };
  const claim = {
    claimId: 'c-case',
    personId: 'p-case',
    kind: 'INPATIENT',
    admissionDate: '2023-03-01',
    dischargeDate: '2023-03-10',
    hospitalLevel: 'SECONDARY',
    location: 'IN_COUNTY',
    costs: { total: '3000.00' },
  };

  beforeAll(async () => {
    subject = await startTestApp({ env: { CHECKPOINT_INTERVAL_SECONDS: '3600' } });
    store = subject.app.get<EventStore>(EVENT_STORE);
    await subject.http.post('/persons').send({ personId: 'p-case', region: 'heze', scheme: 'RESIDENT' }).expect(201);
    await subject.http.post('/persons/p-case/identities').send({ category: 'SUBSISTENCE', validFrom: '2022-01-01', source }).expect(201);
    await subject.http.post('/persons/p-case/enrollments').send({ year: 2023, contribution: '380', enrolledOn: '2022-11-15' }).expect(201);
  });

  afterAll(async () => {
    await subject.close();
  });

  const messageOf = (body: { message?: unknown }): string => (Array.isArray(body.message) ? body.message.join('\n') : String(body.message));

  /** Sends, expects the status and a message line starting with `line`, and that nothing was appended. */
  const refused = async (send: () => PromiseLike<{ status: number; body: { message?: unknown } }>, status: number, line: string): Promise<void> => {
    const head = await store.headPosition();
    const answer = await send();
    expect({ status: answer.status, message: messageOf(answer.body) }).toEqual({ status, message: expect.stringContaining(line) });
    expect(await store.headPosition()).toBe(head);
  };

  describe('dates in years no command may name (were recorded: year 100 and 9999 are typos)', () => {
    it.each(['0100-01-01', '1899-12-31', '2101-01-01', '9999-12-31'])('refuses an identity valid from %s', async (validFrom) => {
      await refused(() => subject.http.post('/persons/p-case/identities').send({ category: 'MARGINAL', validFrom, source }), 400, 'validFrom: validFrom must be a calendar date written YYYY-MM-DD in the years 1900 to 2100');
    });

    it('refuses a revocation whose last day is in year 100', async () => {
      const body = { category: 'SUBSISTENCE', validTo: '0100-01-01', reason: '收入超过低保标准', source };
      await refused(() => subject.http.post('/persons/p-case/identities/revocations').send(body), 400, 'validTo: validTo must be a calendar date written YYYY-MM-DD in the years 1900 to 2100');
    });

    // Either date may be the reference date (the pack's identityDate), so both lie in the benefit years.
    it.each(['0100-01-01', '1950-01-01', '1999-12-31'])('refuses a claim admitted on %s and discharged in 2023', async (admissionDate) => {
      await refused(() => subject.http.post('/claims').send({ ...claim, claimId: 'c-far', admissionDate }), 400, 'admissionDate: admissionDate must be a calendar date written YYYY-MM-DD in the years 2000 to 2100');
    });

    it('refuses a one-time assistance application dated 9999', async () => {
      await refused(() => subject.http.post('/persons/p-case/one-time-assistance').send({ applicationDate: '9999-09-01' }), 400, 'applicationDate: applicationDate must be a calendar date written YYYY-MM-DD in the years 2000 to 2100');
    });

    it('refuses a reassessment period reaching year 9999', async () => {
      const body = { scope: { region: 'heze', from: '2023-01-01', to: '9999-12-31' }, reason: 'check' };
      await refused(() => subject.http.post('/reassessments').send(body), 400, 'scope.to: to must be a calendar date written YYYY-MM-DD in the years 2000 to 2100');
    });
  });

  describe('enrollment days outside the benefit year and the year before it (the subsidy came from the revision in force then)', () => {
    it.each([
      ['9999-01-01', 2025],
      ['2090-01-01', 2025],
      ['2026-01-01', 2025],
      ['2023-12-31', 2025],
    ])('refuses enrolledOn %s for the benefit year %i', async (enrolledOn, year) => {
      await refused(
        () => subject.http.post('/persons/p-case/enrollments').send({ year, contribution: '380', enrolledOn }),
        400,
        `enrolledOn: enrolledOn must fall in the benefit year ${year} or the year before it`,
      );
    });

    it('still enrolls on a day of the year before the benefit year', async () => {
      await subject.http.post('/persons/p-case/enrollments').send({ year: 2024, contribution: '380', enrolledOn: '2023-11-15' }).expect(201);
    });
  });

  describe('parts of a request that were ignored without a word', () => {
    it('refuses a year beside a region scope (the region and period were reassessed, the year dropped)', async () => {
      const body = { scope: { region: 'heze', from: '2023-01-01', to: '2023-12-31', year: 'junk' }, reason: 'check' };
      await refused(() => subject.http.post('/reassessments').send(body), 400, 'scope.year: year belongs to the person-year scope');
    });

    it('refuses a period beside a person-year scope (the whole year was reassessed)', async () => {
      const body = { scope: { personId: 'p-case', year: 2023, from: '2023-06-01' }, reason: 'check' };
      await refused(() => subject.http.post('/reassessments').send(body), 400, 'scope.from: from belongs to the region scope');
    });

    it('refuses bed days on an outpatient claim (recorded, then ignored by the bed-day quota)', async () => {
      const body = { ...claim, claimId: 'c-outpatient-beds', kind: 'OUTPATIENT_CHRONIC', admissionDate: '2023-03-10', severeMentalDisorder: { bedDays: 30 } };
      await refused(() => subject.http.post('/claims').send(body), 400, 'severeMentalDisorder: severeMentalDisorder (bed days) is given only for an INPATIENT claim');
    });

    it.each(['', '   '])('refuses an Idempotency-Key of %p (read as no key, a retry appended twice)', async (key) => {
      const body = { personId: 'p-empty-key', region: 'heze', scheme: 'RESIDENT' };
      await refused(() => subject.http.post('/persons').set('Idempotency-Key', key).send(body), 400, 'idempotency-key: must be 1 to 128 printable ASCII characters');
    });

    it.each([
      ['/feed?limt=10', 'limt: is not a query parameter of this route (it takes after, limit)'],
      ['/persons/p-case/alerts?staus=all', 'staus: is not a query parameter of this route'],
      ['/persons/p-case/timeline?asof=2023-01-01', 'asof: is not a query parameter of this route'],
      ['/reports/funds?regoin=heze', 'regoin: is not a query parameter of this route'],
      ['/audit/access?personid=p-case', 'personid: is not a query parameter of this route'],
      ['/audit/checkpoints?afterr=5', 'afterr: is not a query parameter of this route'],
      ['/claims/c-missing?language=en', 'language: is not a query parameter of this route'],
      ['/exports/early-warnings?region=heze&from=2023-01-01&to=2023-12-31&fromat=csv', 'fromat: is not a query parameter of this route'],
    ])('refuses the misspelt query parameter of %s', async (url, line) => {
      await refused(() => subject.http.get(url), 400, line);
    });

    it('refuses a misspelt query parameter of an import before reading the file', async () => {
      const csv = Buffer.from('人员编号,类别,认定日期,文号\np-case,低保边缘,2023-01-01,doc\n');
      await refused(() => subject.http.post('/imports/identities?region=heze&dryrun=true').attach('file', csv, 'roster.csv'), 400, 'dryrun: is not a query parameter of this route');
    });
  });

  describe('the access log and the early-warning export', () => {
    it('refuses limit=0 on the access log (an empty page that never reached the head: a pager looped)', async () => {
      await refused(() => subject.http.get('/audit/access?limit=0'), 400, 'limit: must be an integer from 1 to 1000');
    });

    it('refuses a principal filter given twice (it was dropped: every principal\'s entries were answered)', async () => {
      await refused(() => subject.http.get('/audit/access?principal=token:a&principal=token:b'), 400, 'principal: must be a principal id of at most 200 characters, given once');
    });

    it('refuses a principal filter too long to be an id (it was cut to 200 characters)', async () => {
      await refused(() => subject.http.get(`/audit/access?principal=${'x'.repeat(201)}`), 400, 'principal: must be a principal id of at most 200 characters');
    });

    it('refuses an export period whose end is before its start (an empty file answered)', async () => {
      await refused(() => subject.http.get('/exports/early-warnings?region=heze&from=2023-12-31&to=2023-01-01'), 400, 'from: must not be after to (2023-01-01)');
    });
  });

  describe('refusals that did not name the field', () => {
    it('names seed for a region without a shipped pack', async () => {
      await refused(() => subject.http.post('/policies').send({ seed: 'mars' }), 422, 'seed: no shipped policy pack mars');
    });

    it('names revision for a shipped region without that revision', async () => {
      await refused(() => subject.http.post('/policies').send({ seed: 'heze', revision: '1999-01-01' }), 422, 'revision: no shipped policy pack heze/1999-01-01');
    });
  });
});
