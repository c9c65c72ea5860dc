import { readFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { join } from 'node:path';
import { OPENAPI_ALLOWED_ROLES, OPENAPI_PUBLIC } from '../../src/api/auth/access.decorator';
import { ROLES, type Role } from '../../src/api/auth/roles';
import type { ProjectionRunner } from '../../src/projections/projection.runner';
import { PROJECTION_RUNNER } from '../../src/api/projections/projections.tokens';
import { startTestApp, type TestApp } from '../support/app-harness';

/**
 * The route × role matrix, generated from the OpenAPI document: every operation of /docs-json is
 * called anonymously, with a token of each role, and with a token of each allowed role limited to
 * another region, using the operation's own examples as path parameters and body. The expected
 * declarations are written out below, from issue 11's least-privilege list, so that a route added
 * without a declaration, or with a wider one, fails here (and an undeclared route also fails the start).
 */

type Expected = {
  readonly allow: readonly Role[] | 'public';
  /** The example names a Heze person or region: a token limited to Shanxi is answered 404. */
  readonly regional?: boolean;
  /** The route reports on every region at once: a token limited to any region is answered 403. */
  readonly everyRegion?: boolean;
  /** Query string to add (required parameters, or a region to scope on). */
  readonly query?: string;
  /** The status an allowed caller gets when the example cannot reach a 2xx; the reason is in the comment. */
  readonly allowedStatus?: number;
  /** The body, for an operation that documents no example. */
  readonly body?: () => object;
};

const EVERY_ROLE = ROLES;

const EXPECTED: Readonly<Record<string, Expected>> = {
  'GET /health': { allow: 'public' },
  'GET /auth/sign-in': { allow: 'public' },
  'GET /auth/me': { allow: EVERY_ROLE },
  'POST /policies': { allow: ['policy-admin'], regional: true },
  'GET /policies': { allow: EVERY_ROLE },
  'POST /persons': { allow: ['registrar'], regional: true },
  'GET /persons/{personId}': { allow: ['registrar', 'inspector'], regional: true },
  'POST /persons/{personId}/identities': { allow: ['registrar'], regional: true },
  'POST /persons/{personId}/identities/revocations': { allow: ['registrar'], regional: true },
  'POST /persons/{personId}/enrollments': { allow: ['registrar'], regional: true },
  // Heze has no one-time assistance: past the guard, the ledger refuses it (422 NOT_PROVIDED).
  'POST /persons/{personId}/one-time-assistance': { allow: ['registrar'], regional: true, allowedStatus: 422 },
  'POST /claims': { allow: ['claims-feeder'], regional: true },
  'POST /reassessments': { allow: ['operator'], regional: true },
  'GET /persons/{personId}/timeline': { allow: ['inspector'], regional: true },
  'GET /persons/{personId}/years/{year}/usage': { allow: ['inspector'], regional: true },
  'GET /persons/{personId}/years/{year}/subsidy': { allow: ['inspector'], regional: true },
  'GET /persons/{personId}/alerts': { allow: ['inspector'], regional: true },
  'GET /claims/{claimId}': { allow: ['inspector'], regional: true },
  'GET /reports/funds': { allow: ['inspector'], regional: true, query: 'region=heze' },
  'GET /events': { allow: ['inspector'], query: 'correlationId=req-7f3a' },
  'GET /audit/verify': { allow: ['operator'], everyRegion: true },
  'GET /audit/checkpoints': { allow: ['consumer', 'inspector', 'operator'] },
  'GET /audit/public-key': { allow: 'public' },
  'GET /claims/{claimId}/explanation': { allow: ['inspector'], regional: true },
  'GET /feed': { allow: ['consumer', 'inspector'] },
  'GET /feed/stream': { allow: ['consumer', 'inspector'] },
  'POST /simulations': { allow: ['policy-admin', 'operator'], regional: true, body: () => ({ pack: DRAFT, region: 'heze', year: 2023 }) },
  // The captured simulation is Heze's: a caller limited to Shanxi is answered as for an unknown one.
  'GET /simulations/{id}': { allow: ['policy-admin', 'operator'], regional: true },
  'DELETE /simulations/{id}': { allow: ['policy-admin', 'operator'], regional: true },
  // The uploads are sent here without a file: past the guard, the import refuses the request (400).
  'POST /imports/identities': { allow: ['registrar'], regional: true, query: 'region=heze&department=CIVIL_AFFAIRS', allowedStatus: 400 },
  'POST /imports/claims': { allow: ['claims-feeder'], allowedStatus: 400 },
  'GET /exports/early-warnings': { allow: ['inspector', 'operator'], regional: true, query: 'region=heze&from=2023-01-01&to=2023-12-31&format=csv' },
  'GET /metrics': { allow: ['operator'] },
  // The personal-data routes document no body example; GB 11643's published sample number is used.
  'PUT /persons/{personId}/personal-data': { allow: ['registrar'], regional: true, body: () => ({ name: '张三', nationalId: SAMPLE_NATIONAL_ID }) },
  'GET /persons/{personId}/personal-data': { allow: ['registrar'], regional: true },
  'POST /persons/lookup': { allow: ['registrar'], regional: true, body: () => ({ nationalId: SAMPLE_NATIONAL_ID }) },
  'POST /persons/{personId}/personal-data/erasure': { allow: ['registrar'], regional: true, body: () => ({ reason: 'SUBJECT_REQUEST' }) },
  'GET /audit/access': { allow: ['operator'], regional: true, query: 'personId=p-000123' },
  'GET /persons/{personId}/enrollments': { allow: ['inspector', 'registrar', 'operator'], regional: true },
};

const SAMPLE_NATIONAL_ID = '11010519491231002X';

/** The draft pack of examples/ (issue 17), for the simulation routes, which document no body example. */
const DRAFT = readFileSync(join(__dirname, '..', '..', 'examples', 'heze-draft-2023.yaml'), 'utf8');

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly spec: {
    readonly parameters?: ReadonlyArray<{ readonly name: string; readonly in: string; readonly example?: unknown; readonly schema?: { readonly example?: unknown } }>;
    readonly requestBody?: { readonly content: Record<string, { readonly examples?: Record<string, { readonly value: unknown }> }> };
    readonly [OPENAPI_ALLOWED_ROLES]?: readonly Role[];
    readonly [OPENAPI_PUBLIC]?: boolean;
  };
}

const operationsOf = (document: { paths: Record<string, Record<string, Operation['spec']>> }): Operation[] =>
  Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, spec]) => ({ method: method.toUpperCase(), path, spec })));

const keyOf = (operation: Operation): string => `${operation.method} ${operation.path}`;

/** Ids answered by earlier calls (a simulation's `id`), used where a path parameter has no example. */
const captured = new Map<string, string>();

/** The path with each `{param}` replaced by its documented example, or by an id an earlier call answered. */
const urlOf = (operation: Operation, query: string | undefined): string => {
  const path = operation.path.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    const parameter = operation.spec.parameters?.find((candidate) => candidate.in === 'path' && candidate.name === name);
    const example = parameter?.example ?? parameter?.schema?.example ?? captured.get(name);
    if (example === undefined) throw new Error(`${keyOf(operation)}: path parameter ${name} has no example`);
    return encodeURIComponent(String(example));
  });
  return query === undefined ? path : `${path}?${query}`;
};

const bodyOf = (operation: Operation): unknown => {
  const examples = operation.spec.requestBody?.content['application/json']?.examples;
  return examples === undefined ? undefined : Object.values(examples)[0]?.value;
};

describe('route × role matrix from the OpenAPI document (e2e)', () => {
  let subject: TestApp;
  let operations: Operation[];
  const tokens = new Map<string, string>();
  /** The body of the last unexpected refusal, to explain a failing cell. */
  let lastRefusal = '';
  const tokenOf = (role: Role, regions?: readonly string[]): string => {
    const key = `${role}@${regions?.join(',') ?? '*'}`;
    if (!tokens.has(key)) tokens.set(key, subject.tokenFor(role, regions === undefined ? {} : { regions }));
    return tokens.get(key)!;
  };

  beforeAll(async () => {
    // Every route is called anonymously and with a bad token from one address, far beyond the failed
    // authentications an address may cause by default (60 a minute): this test checks the declarations,
    // test/e2e/edge-refusals.e2e-spec.ts checks that limit.
    subject = await startTestApp({ env: { FAILED_AUTH_PER_MINUTE: '100000' } });
    operations = operationsOf((await subject.http.get('/docs-json').expect(200)).body);
    // The examples' person (p-000123, Heze) with the examples' identity, enrollment and claim
    // (hz-2023-0001) recorded, so the reads find them and the repeated writes are 200s.
    const example = (key: string): object => bodyOf(operations.find((operation) => keyOf(operation) === key)!) as object;
    const registrar = subject.as('registrar');
    await registrar.post('/persons').send(example('POST /persons')).expect(201);
    await registrar.post('/persons/p-000123/identities').send(example('POST /persons/{personId}/identities')).expect(201);
    // The enrollment and the claim are the matrix's own first calls: repeating the enrollment
    // example is a 409, because the pack's contribution (380) wins over the example's (350).
  });

  afterAll(async () => {
    await subject.close();
  });

  /** Sends one example request; an SSE stream is read up to its status line and closed. */
  const call = async (operation: Operation, token: string | null): Promise<number> => {
    const expected = EXPECTED[keyOf(operation)]!;
    const url = urlOf(operation, expected.query);
    const authorization: Record<string, string> = token === null ? {} : { Authorization: `Bearer ${token}` };
    if (operation.path === '/feed/stream') return streamStatus(`${subject.baseUrl}${url}`, authorization);
    const agent = subject.anonymous;
    const body = (expected.body?.() ?? bodyOf(operation)) as object;
    const request =
      operation.method === 'POST' ? agent.post(url).send(body) : operation.method === 'PUT' ? agent.put(url).send(body) : operation.method === 'DELETE' ? agent.delete(url) : agent.get(url);
    const response = await request.set(authorization);
    const id = (response.body as { id?: unknown } | null)?.id;
    if (operation.method === 'POST' && response.status < 300 && typeof id === 'string') captured.set('id', id);
    // Reads after a write see it: wait for the projections to reach the write's position.
    const position = (response.body as { position?: unknown } | null)?.position;
    if (operation.method !== 'GET' && typeof position === 'string') await subject.app.get<ProjectionRunner>(PROJECTION_RUNNER).waitForPosition(BigInt(position), 5000);
    if (response.status >= 400 && response.status !== 401 && response.status !== 403 && response.status !== 404) lastRefusal = `${response.status} ${JSON.stringify(response.body)}`;
    return response.status;
  };

  it('declares every route of the document, exactly as the least-privilege table says', () => {
    const documented = Object.fromEntries(
      operations.map((operation) => [keyOf(operation), operation.spec[OPENAPI_PUBLIC] === true ? 'public' : [...(operation.spec[OPENAPI_ALLOWED_ROLES] ?? [])].sort()]),
    );
    const expected = Object.fromEntries(Object.entries(EXPECTED).map(([key, { allow }]) => [key, allow === 'public' ? 'public' : [...allow].sort()]));
    expect(documented).toEqual(expected);
  });

  it('answers every route × every role × anonymous as declared: 2xx, 401, 403, or 404 outside the token\'s regions (403 for a report on every region)', async () => {
    const problems: string[] = [];
    const check = (label: string, actual: number, ok: (status: number) => boolean, wanted: string): void => {
      if (!ok(actual)) problems.push(`${label}: got ${actual}, expected ${wanted}${actual >= 400 ? ` (${lastRefusal})` : ''}`);
    };
    // One operation at a time, in document order (registrations before the reads that use them),
    // except the revocation, last: re-enrolling after it would be a different enrollment (409).
    const revocation = 'POST /persons/{personId}/identities/revocations';
    const ordered = [...operations.filter((operation) => keyOf(operation) !== revocation), ...operations.filter((operation) => keyOf(operation) === revocation)];
    for (const operation of ordered) {
      const key = keyOf(operation);
      const expected = EXPECTED[key]!;
      const allowedOk = (status: number): boolean => (expected.allowedStatus === undefined ? status >= 200 && status < 300 : status === expected.allowedStatus);
      const allowedText = expected.allowedStatus === undefined ? '2xx' : String(expected.allowedStatus);
      if (expected.allow === 'public') {
        check(`${key} anonymous`, await call(operation, null), allowedOk, allowedText);
        for (const role of ROLES) check(`${key} ${role}`, await call(operation, tokenOf(role)), allowedOk, allowedText);
        continue;
      }
      check(`${key} anonymous`, await call(operation, null), (status) => status === 401, '401');
      check(`${key} bad token`, await call(operation, `blt_${'0'.repeat(16)}.${'A'.repeat(43)}`), (status) => status === 401, '401');
      for (const role of ROLES) {
        const allowed = expected.allow.includes(role);
        check(`${key} ${role}`, await call(operation, tokenOf(role)), allowed ? allowedOk : (status) => status === 403, allowed ? allowedText : '403');
      }
      for (const role of expected.allow) {
        const outside = await call(operation, tokenOf(role, ['shanxi']));
        if (expected.regional === true) check(`${key} ${role} limited to shanxi`, outside, (status) => status === 404, '404');
        else if (expected.everyRegion === true) check(`${key} ${role} limited to shanxi`, outside, (status) => status === 403, '403');
        else check(`${key} ${role} limited to shanxi`, outside, allowedOk, allowedText);
      }
    }
    expect(problems).toEqual([]);
  });
});

/** Status of an SSE response; the connection is closed as soon as the head arrives. */
const streamStatus = (url: string, headers: Record<string, string>): Promise<number> =>
  new Promise((resolve, reject) => {
    const request = httpGet(url, { headers: { Accept: 'text/event-stream', ...headers } }, (response) => {
      resolve(response.statusCode ?? 0);
      request.destroy();
    });
    request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
  });
