import { Logger } from '@nestjs/common';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Authenticator } from '../../src/api/auth/authenticator';
import { FirstOperatorToken, OPERATOR_TOKEN_FILE } from '../../src/api/auth/first-operator-token';
import { validateEnvironment } from '../../src/config/app.config';
import { serviceLogger } from '../../src/api/config/logger.config';
import type { EventStore } from '../../src/event-store/event-store.port';
import { EVENT_STORE } from '../../src/api/infrastructure/tokens';
import { TokenStore } from '../../src/security/token-store';
import { RegionScope } from '../../src/api/auth/region-scope';
import { startTestApp, type TestApp } from '../support/app-harness';

const source = { department: 'CIVIL_AFFAIRS', document: '低保名册 2022-01' };
const claimOf = (claimId: string, personId: string) => ({
  claimId,
  personId,
  kind: 'INPATIENT',
  admissionDate: '2023-07-01',
  dischargeDate: '2023-07-10',
  hospitalLevel: 'SECONDARY',
  location: 'IN_COUNTY',
  costs: { total: '20000.00' },
});

describe('hardening (e2e, embedded store)', () => {
  let subject: TestApp;
  let store: EventStore;

  beforeAll(async () => {
    // A permissive umask, as on a default shell: the modes below must not depend on it.
    process.umask(0o022);
    subject = await startTestApp();
    store = subject.app.get<EventStore>(EVENT_STORE);
    const registrar = subject.as('registrar');
    for (const [personId, region] of [['p-sec-heze', 'heze'], ['p-sec-shanxi', 'shanxi']] as const) {
      await registrar.post('/persons').send({ personId, region, scheme: 'RESIDENT' }).expect(201);
      await registrar.post(`/persons/${personId}/identities`).send({ category: 'SUBSISTENCE', validFrom: '2022-01-01', source }).expect(201);
      await registrar.post(`/persons/${personId}/enrollments`).send({ year: 2023, contribution: '380', enrolledOn: '2022-11-15' }).expect(201);
    }
  });

  afterAll(async () => {
    await subject.close();
  });

  describe('region scoping', () => {
    it('lets a Heze inspector read a Heze person, and answers a Shanxi person exactly like an unknown one (404)', async () => {
      const heze = subject.as('inspector', { regions: ['heze'] });
      await heze.get('/persons/p-sec-heze').expect(200);
      const shanxi = await heze.get('/persons/p-sec-shanxi').expect(404);
      const unknown = await heze.get('/persons/p-sec-nobody').expect(404);
      expect(shanxi.body).toEqual({ ...unknown.body, message: unknown.body.message.replace('p-sec-nobody', 'p-sec-shanxi') });
      await heze.get('/persons/p-sec-shanxi/timeline').expect(404);
      await heze.get('/persons/p-sec-shanxi/years/2023/usage').expect(404);
      await heze.get('/persons/p-sec-heze/years/2023/usage').expect(200);
    });

    it('refuses Heze-limited writes to a Shanxi person with 404 and appends nothing', async () => {
      const before = await store.headPosition();
      await subject.as('claims-feeder', { regions: ['heze'] }).post('/claims').send(claimOf('c-sec-shanxi', 'p-sec-shanxi')).expect(404);
      await subject.as('registrar', { regions: ['heze'] }).post('/persons/p-sec-shanxi/identities').send({ category: 'EDGE', validFrom: '2023-01-01', source }).expect(404);
      // Registering an id already taken in another region must not reveal it (no 409).
      await subject.as('registrar', { regions: ['heze'] }).post('/persons').send({ personId: 'p-sec-shanxi', region: 'heze', scheme: 'RESIDENT' }).expect(404);
      await subject.as('operator', { regions: ['heze'] }).post('/reassessments').send({ scope: { region: 'shanxi', from: '2023-01-01', to: '2023-12-31' }, reason: 'r', dryRun: true }).expect(404);
      expect(await store.headPosition()).toBe(before);
    });

    it('answers 404, not the conflict naming the other region, when that region registers the id between the check and the write', async () => {
      // Given the region check passing a moment before Shanxi registers the id (the race, made certain)
      const scope = subject.app.get(RegionScope);
      const check = jest.spyOn(scope, 'assertPerson').mockResolvedValueOnce(undefined);
      try {
        // When a Heze-limited registrar registers it in Heze
        const response = await subject.as('registrar', { regions: ['heze'] }).post('/persons').send({ personId: 'p-sec-shanxi', region: 'heze', scheme: 'RESIDENT' });
        // Then it is answered as an unknown person, naming no region
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ code: 'PERSON_NOT_FOUND', message: 'person p-sec-shanxi is not registered' });
      } finally {
        check.mockRestore();
      }
    });

    it('scopes claims and fund reports to the token\'s regions', async () => {
      const settled = await subject.as('claims-feeder').post('/claims').send(claimOf('c-sec-shanxi-1', 'p-sec-shanxi')).expect(201);
      const shanxiInspector = subject.as('inspector', { regions: ['shanxi'] });
      const hezeInspector = subject.as('inspector', { regions: ['heze'] });
      await shanxiInspector.get(`/claims/c-sec-shanxi-1?minPosition=${settled.body.position}`).expect(200);
      const hidden = await hezeInspector.get(`/claims/c-sec-shanxi-1?minPosition=${settled.body.position}`).expect(404);
      expect(hidden.body.code).toBe('CLAIM_NOT_FOUND');
      await hezeInspector.get('/reports/funds?region=shanxi').expect(404);
      const own = await hezeInspector.get('/reports/funds').expect(200);
      expect(new Set(own.body.rows.map((row: { region: string }) => row.region))).toEqual(new Set(['heze']));
    });
  });

  describe('the access log and regions', () => {
    type Entry = { sequence: number; personId: string };
    /**
     * Every entry the caller gets, following `nextAfter` a page of `limit` at a time until
     * `reachedHead`, as api.md says; a page after the head would find nothing more.
     */
    const allPages = async (caller: ReturnType<TestApp['as']>, query: string, limit: number): Promise<Entry[]> => {
      const entries: Entry[] = [];
      let after = 0;
      for (let page = 0; page < 1000; page++) {
        const { body } = await caller.get(`/audit/access?${query}&after=${after}&limit=${limit}`).expect(200);
        entries.push(...body.entries);
        after = body.nextAfter;
        if (body.reachedHead === true) {
          const beyond = await caller.get(`/audit/access?${query}&after=${after}&limit=${limit}`).expect(200);
          expect(beyond.body).toEqual({ entries: [], nextAfter: after, reachedHead: true });
          return entries;
        }
      }
      throw new Error('the access log did not end after 1000 pages');
    };

    beforeAll(async () => {
      // Reads of both regions' persons, interleaved, so that pages mix the regions.
      const inspector = subject.as('inspector');
      for (let round = 0; round < 3; round++) {
        await inspector.get('/persons/p-sec-heze').expect(200);
        await inspector.get('/persons/p-sec-shanxi').expect(200);
      }
    });

    it('answers a Heze-limited operator asking for a Shanxi person\'s entries exactly like an unknown person (404)', async () => {
      // Given reads of a Shanxi person, when an operator limited to Heze asks for that person's entries
      const heze = subject.as('operator', { regions: ['heze'] });
      const shanxi = await heze.get('/audit/access?personId=p-sec-shanxi').expect(404);
      const unknown = await heze.get('/audit/access?personId=p-sec-nobody').expect(404);
      // then the answer is the one for a person the ledger does not know, and its own region's person is listed.
      expect(shanxi.body).toEqual({ ...unknown.body, message: unknown.body.message.replace('p-sec-nobody', 'p-sec-shanxi') });
      expect((await heze.get('/audit/access?personId=p-sec-heze').expect(200)).body.entries.length).toBeGreaterThanOrEqual(3);
    });

    it('lists a Heze-limited operator only the entries of Heze persons, without a filter and by principal, page after page', async () => {
      // Given an unlimited operator's view of the whole log,
      const everything = await allPages(subject.as('operator'), 'principal=', 1000);
      expect(everything.some((entry) => entry.personId === 'p-sec-shanxi')).toBe(true);
      // when an operator limited to Heze lists it without a filter, in small pages and in one,
      const heze = subject.as('operator', { regions: ['heze'] });
      const paged = await allPages(heze, 'principal=', 2);
      const whole = await allPages(heze, 'principal=', 1000);
      // then it gets exactly the Heze persons' entries, in order, and nothing of Shanxi.
      const expected = everything.filter((entry) => entry.personId === 'p-sec-heze');
      expect(paged).toEqual(expected);
      expect(whole).toEqual(expected);
      const principal = (await heze.get('/audit/access?personId=p-sec-heze').expect(200)).body.entries[0].principal;
      const byPrincipal = await allPages(heze, `principal=${encodeURIComponent(principal)}`, 1000);
      expect(byPrincipal.length).toBeGreaterThan(0);
      expect(byPrincipal.every((entry) => entry.personId === 'p-sec-heze')).toBe(true);
    });
  });

  describe('writes accept only application/json', () => {
    it.each([
      ['application/x-www-form-urlencoded', 'claimId=c-form&personId=p-sec-heze&costs[total]=1'],
      ['text/plain', JSON.stringify(claimOf('c-text', 'p-sec-heze'))],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="claimId"\r\n\r\nc-multi\r\n--x--\r\n'],
    ])('415 for %s, nothing appended', async (type, body) => {
      const before = await store.headPosition();
      const response = await subject.as('claims-feeder').post('/claims').set('Content-Type', type).send(body).expect(415);
      expect(response.body).toMatchObject({ statusCode: 415, message: expect.stringContaining('application/json') });
      expect(await store.headPosition()).toBe(before);
    });

    it('413 for a body over 100 KiB, in the API\'s error body, nothing appended', async () => {
      const before = await store.headPosition();
      const padded = { ...claimOf('c-large', 'p-sec-heze'), note: 'x'.repeat(101 * 1024) };
      const response = await subject.as('claims-feeder').post('/claims').send(padded).expect(413);
      expect(response.body).toEqual({ statusCode: 413, error: 'Payload Too Large', message: expect.any(String) });
      expect(await store.headPosition()).toBe(before);
    });

    it.each([
      ['a JSON string', '"c-text"', 'body: must be a JSON object or array'],
      ['malformed JSON', '{"claimId": ', 'body: malformed JSON'],
    ])('400 for %s, nothing appended', async (_name, body, message) => {
      const before = await store.headPosition();
      const response = await subject.as('claims-feeder').post('/claims').set('Content-Type', 'application/json').send(body).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining(message) });
      expect(await store.headPosition()).toBe(before);
    });
  });

  describe('headers', () => {
    it('sends helmet\'s security headers and Cache-Control: no-store on personal data and audit answers', async () => {
      const person = await subject.as('inspector').get('/persons/p-sec-heze').expect(200);
      expect(person.headers).toMatchObject({
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': expect.stringContaining('max-age='),
        'content-security-policy': expect.stringContaining("default-src 'self'"),
      });
      const verify = await subject.as('operator').get('/audit/verify').expect(200);
      expect(verify.headers['cache-control']).toBe('no-store');
      const refused = await subject.anonymous.get('/persons/p-sec-heze').expect(401);
      expect(refused.headers['www-authenticate']).toBe('Bearer');
      expect(refused.headers).not.toHaveProperty('x-powered-by');
      for (const answer of [refused, await subject.anonymous.get('/nothing-here').expect(404)]) {
        expect(answer.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'content-security-policy': expect.stringContaining("default-src 'self'") });
      }
    });

    it('answers a path with a trailing slash as the route, and names the request id on every answer', async () => {
      const response = await subject.anonymous.get('/health/').set('X-Request-Id', 'probe-7').expect(200);
      expect(response.headers['x-request-id']).toBe('probe-7');
      expect((await subject.anonymous.get('/nothing-here').expect(404)).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('gives anonymous health probes the status only, and operators the details', async () => {
      expect((await subject.anonymous.get('/health').expect(200)).body).toEqual({ status: 'ok' });
      expect((await subject.as('inspector').get('/health').expect(200)).body).toEqual({ status: 'ok' });
      expect((await subject.as('operator').get('/health').expect(200)).body.details.eventStore).toMatchObject({ status: 'up' });
    });
  });

  describe('files', () => {
    it('keeps the data directory 0700 and every database, WAL, token and key file 0600', async () => {
      const modes = Object.fromEntries(
        ['events.sqlite', 'events.sqlite-wal', 'events.sqlite-shm', 'read-models.sqlite', 'read-models.sqlite-wal', 'read-models.sqlite-shm', 'tokens.json', OPERATOR_TOKEN_FILE].map((name) => [
          name,
          (statSync(join(subject.dataDir, name)).mode & 0o777).toString(8),
        ]),
      );
      expect(modes).toEqual(Object.fromEntries(Object.keys(modes).map((name) => [name, '600'])));
      expect((statSync(subject.dataDir).mode & 0o777).toString(8)).toBe('700');
    });
  });

  describe('GET /audit/verify', () => {
    it('runs on a worker thread: /health answers in under 50 ms while it walks the store', async () => {
      // About 6,000 events: several seconds of hashing for the walk, had it run on the event loop.
      const batches = 12;
      for (let batch = 0; batch < batches; batch++) await store.appendToStream(`verify-load-${batch}`, Array.from({ length: 500 }, (_, index) => loadEvent(batch, index)), 'noStream');
      const operator = subject.as('operator');
      const idle: number[] = [];
      // The same probe with nothing running: the machine's own latency, for the log.
      for (let probe = 0; probe < 20; probe++) {
        const started = performance.now();
        await subject.anonymous.get('/health').expect(200);
        idle.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      let done = false;
      const verifying = operator.get('/audit/verify').then((response) => {
        done = true;
        return response;
      });
      const latencies: number[] = [];
      // At most one probe every 20 ms, for as long as the verification runs (bounded by its 60 s test timeout).
      while (!done) {
        const started = performance.now();
        await subject.anonymous.get('/health').expect(200);
        if (!done) latencies.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const report = await verifying;
      expect(report.status).toBe(200);
      expect(report.body).toMatchObject({ ok: true });
      expect(report.body.eventsChecked).toBeGreaterThanOrEqual(6000);
      expect(latencies.length).toBeGreaterThanOrEqual(3);
      const sorted = [...latencies].sort((left, right) => left - right);
      const idleSorted = [...idle].sort((left, right) => left - right);
      process.stderr.write(`/health ms, idle median ${idleSorted[10]?.toFixed(1)}; during verify median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)}, max ${sorted[sorted.length - 1]?.toFixed(1)} (${sorted.length} probes)\n`);
      expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(50);
    });
  });
});

describe('rate limit per principal', () => {
  let subject: TestApp;
  beforeAll(async () => {
    subject = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '5', FEEDER_RATE_LIMIT_PER_MINUTE: '8' } });
  });
  afterAll(async () => {
    await subject.close();
  });

  it('answers 429 with Retry-After once a principal has used its requests, and keeps serving the others', async () => {
    const greedy = subject.as('inspector');
    for (let call = 0; call < 5; call++) await greedy.get('/policies?region=heze').expect(200);
    const refused = await greedy.get('/policies?region=heze').expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toMatchObject({ statusCode: 429 });
    await subject.as('inspector').get('/policies?region=heze').expect(200);
  });

  it('gives a claims feeder its own, higher limit', async () => {
    const feeder = subject.as('claims-feeder');
    for (let call = 0; call < 8; call++) await feeder.get('/policies?region=heze').expect(200);
    await feeder.get('/policies?region=heze').expect(429);
  });

  it('keeps a credential that also feeds claims to the people\'s limit when it reads as an inspector', async () => {
    // Given one credential holding claims-feeder and inspector (a hospital desk that also audits),
    const both = subject.as(['claims-feeder', 'inspector']);
    // when it reads fund reports as an inspector, then the inspector's limit (5) applies, not the feeder's (8),
    for (let call = 0; call < 5; call++) await both.get('/reports/funds?region=heze').expect(200);
    await both.get('/reports/funds?region=heze').expect(429);
    // and its claims, counted apart, still get through to validation (400 for an empty claim, not 429).
    await both.post('/claims').send({}).expect(400);
  });
});

describe('first start on an empty data directory', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'benefits-ledger-first-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('writes one operator token to a 0600 file and logs the file\'s path, never the secret; later starts create nothing', () => {
    const config = validateEnvironment({ DATA_DIR: dataDir });
    const logged: string[] = [];
    const spy = jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => void logged.push(String(message)));
    try {
      new FirstOperatorToken(config, new Authenticator(config)).onModuleInit();
      new FirstOperatorToken(config, new Authenticator(config)).onModuleInit();
    } finally {
      spy.mockRestore();
    }
    const path = join(dataDir, OPERATOR_TOKEN_FILE);
    const token = readFileSync(path, 'utf8').trim();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(new TokenStore(dataDir).authenticate(token)).toMatchObject({ roles: ['operator'], regions: null });
    expect(new TokenStore(dataDir).list()).toHaveLength(1);
    expect(logged).toEqual([expect.stringContaining(path)]);
    expect(logged.join('\n')).not.toContain(token.split('.')[1]);
  });

  it('redacts Authorization and cookies from a log line that would carry the request\'s headers', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    serviceLogger(validateEnvironment({ DATA_DIR: dataDir, LOG_LEVEL: 'info' }), sink).info({ req: { headers: { authorization: 'Bearer blt_secret', cookie: 'session=s3cret' } } }, 'a careless line');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/blt_secret|s3cret/);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ req: { headers: { authorization: '[Redacted]', cookie: '[Redacted]' } } });
  });
});

const loadEvent = (batch: number, index: number) => ({
  type: 'VerifyLoadRecorded',
  data: { batch, index, note: 'x'.repeat(200) },
  metadata: {
    eventId: `00000000-0000-4000-8000-${String(batch * 1000 + index).padStart(12, '0')}`,
    schemaVersion: 1,
    correlationId: 'verify-load',
    causationId: 'verify-load',
    actor: 'test',
    recordedAt: '2024-01-01T00:00:00.000Z',
  },
});
