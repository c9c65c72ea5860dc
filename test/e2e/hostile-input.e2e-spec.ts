import type { EventStore } from '../../src/event-store/event-store.port';
import { EVENT_STORE } from '../../src/api/infrastructure/tokens';
import { startTestApp, type TestApp } from '../support/app-harness';

/**
 * Hostile bodies on every write endpoint: each is refused with 400 (422 for an unknown region),
 * the message names the field and the rule, and nothing is appended. The bodies are sent as raw
 * text, because a JavaScript object literal cannot even express some of them (`__proto__`).
 */
describe('hostile input is refused on every write endpoint (e2e, embedded store)', () => {
  let subject: TestApp;
  let store: EventStore;

  beforeAll(async () => {
    subject = await startTestApp({ env: { CHECKPOINT_INTERVAL_SECONDS: '3600' } });
    store = subject.app.get<EventStore>(EVENT_STORE);
    await subject.http.post('/persons').send({ personId: 'p-hostile', region: 'heze', scheme: 'RESIDENT' }).expect(201);
  });

  afterAll(async () => {
    await subject.close();
  });

  /** Each write endpoint with a valid body and the string field the string cases poison. */
  const ENDPOINTS: ReadonlyArray<{ path: string; body: Record<string, unknown>; field: string }> = [
    { path: '/persons', body: { personId: 'p-new', region: 'heze', scheme: 'RESIDENT' }, field: 'region' },
    {
      path: '/persons/p-hostile/identities',
      body: { category: 'SUBSISTENCE', validFrom: '2023-01-01', source: { department: 'CIVIL_AFFAIRS', document: 'roster' } },
      field: 'source.document',
    },
    {
      path: '/persons/p-hostile/identities/revocations',
      body: { category: 'SUBSISTENCE', validTo: '2023-06-30', reason: 'income', source: { department: 'CIVIL_AFFAIRS', document: 'roster' } },
      field: 'reason',
    },
    { path: '/persons/p-hostile/enrollments', body: { year: 2023, contribution: '380.00', enrolledOn: '2022-11-15' }, field: 'contribution' },
    { path: '/persons/p-hostile/one-time-assistance', body: { applicationDate: '2023-09-01' }, field: 'applicationDate' },
    {
      path: '/claims',
      body: {
        claimId: 'hz-hostile-1', personId: 'p-hostile', kind: 'INPATIENT', admissionDate: '2023-03-01', dischargeDate: '2023-03-15',
        hospitalLevel: 'SECONDARY', location: 'IN_COUNTY', costs: { total: '1000.00' },
      },
      field: 'costs.total',
    },
    { path: '/reassessments', body: { scope: { personId: 'p-hostile', year: 2023 }, reason: 'check' }, field: 'reason' },
    { path: '/policies', body: { seed: 'heze', reason: 'publish' }, field: 'reason' },
  ];

  /** Sets `value` (raw JSON text) at a dotted path of the body, and returns the body as JSON text. */
  const withRaw = (body: Record<string, unknown>, field: string, rawValue: string): string => {
    const marker = '"__RAW_MARKER__"';
    const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
    const keys = field.split('.');
    let node = copy;
    for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
    node[keys[keys.length - 1]!] = '__RAW_MARKER__';
    return JSON.stringify(copy).replace(marker, rawValue);
  };

  /** Adds a raw `"key": value` member at the top of the body. */
  const withMember = (body: Record<string, unknown>, key: string): string => JSON.stringify(body).replace(/^\{/, `{"${key}":{"polluted":true},`);

  const deep = (levels: number): string => `${'['.repeat(levels)}1${']'.repeat(levels)}`;

  const CASES: ReadonlyArray<{ name: string; raw: (endpoint: (typeof ENDPOINTS)[number]) => string | Buffer; field: (endpoint: (typeof ENDPOINTS)[number]) => string; rule: string }> = [
    { name: 'a body nested 20,000 levels deep', raw: (e) => withRaw(e.body, e.field, deep(20_000)), field: (e) => e.field, rule: 'nesting deeper than 32 levels' },
    { name: 'a NUL character', raw: (e) => withRaw(e.body, e.field, '"a\\u0000b"'), field: (e) => e.field, rule: 'control characters' },
    { name: 'an ESC character', raw: (e) => withRaw(e.body, e.field, '"\\u001b[31mred"'), field: (e) => e.field, rule: 'control characters' },
    { name: 'a lone surrogate', raw: (e) => withRaw(e.body, e.field, '"x\\ud800y"'), field: (e) => e.field, rule: 'lone surrogate' },
    // "名册\u202Egpj.exe" is displayed as "名册exe.jpg": an audit trail must show what it records.
    { name: 'a RIGHT-TO-LEFT OVERRIDE', raw: (e) => withRaw(e.body, e.field, '"名册\\u202egpj.exe"'), field: (e) => e.field, rule: 'bidirectional controls' },
    { name: 'a RIGHT-TO-LEFT ISOLATE', raw: (e) => withRaw(e.body, e.field, '"a\\u2067b\\u2069"'), field: (e) => e.field, rule: 'bidirectional controls' },
    { name: 'a zero-width space', raw: (e) => withRaw(e.body, e.field, '"110105\\u200b19491231"'), field: (e) => e.field, rule: 'invisible format characters' },
    { name: 'a LINE SEPARATOR', raw: (e) => withRaw(e.body, e.field, '"one\\u2028two"'), field: (e) => e.field, rule: 'line or paragraph separators' },
    { name: 'a non-character U+FFFE', raw: (e) => withRaw(e.body, e.field, '"a\\ufffe"'), field: (e) => e.field, rule: 'non-characters' },
    {
      name: 'invalid UTF-8',
      raw: (e) => {
        const text = withRaw(e.body, e.field, '"INVALID"');
        const [before, after] = text.split('INVALID');
        return Buffer.concat([Buffer.from(before!, 'utf8'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(after!, 'utf8')]);
      },
      field: (e) => e.field,
      rule: 'must be valid UTF-8',
    },
    { name: 'a __proto__ key', raw: (e) => withMember(e.body, '__proto__'), field: () => '__proto__', rule: 'property __proto__ should not exist' },
    { name: 'a constructor key', raw: (e) => withMember(e.body, 'constructor'), field: () => 'constructor', rule: 'property constructor should not exist' },
    { name: 'a prototype key', raw: (e) => withMember(e.body, 'prototype'), field: () => 'prototype', rule: 'property prototype should not exist' },
  ];

  // The identity serializer sends the bytes as they are (superagent would otherwise encode a Buffer as JSON).
  const send = (path: string, raw: string | Buffer) =>
    subject.http.post(path).set('Content-Type', 'application/json').serialize((body: unknown) => body as string).send(raw as unknown as string);
  const messageOf = (body: { message?: unknown }): string => (Array.isArray(body.message) ? body.message.join('\n') : String(body.message));

  for (const endpoint of ENDPOINTS) {
    describe(`POST ${endpoint.path}`, () => {
      it.each(CASES.map((testCase) => [testCase.name, testCase] as const))('refuses %s with 400 naming the field, appending nothing', async (_name, testCase) => {
        const head = await store.headPosition();
        const response = await send(endpoint.path, testCase.raw(endpoint));
        expect(response.status).toBe(400);
        const message = messageOf(response.body);
        expect(message).toContain(`${testCase.field(endpoint)}`);
        expect(message).toContain(testCase.rule);
        expect(await store.headPosition()).toBe(head);
      });
    });
  }

  it('refuses registration in an unknown region with 422 naming region, appending nothing', async () => {
    const head = await store.headPosition();
    const response = await subject.http.post('/persons').send({ personId: 'p-mars', region: 'mars', scheme: 'RESIDENT' });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'UNKNOWN_REGION' });
    expect(messageOf(response.body)).toContain('region');
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses a reassessment of an unknown region with 422 naming region, appending nothing', async () => {
    const head = await store.headPosition();
    const response = await subject.http.post('/reassessments').send({ scope: { region: 'mars', from: '2023-01-01', to: '2023-12-31' }, reason: 'check' });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'UNKNOWN_REGION' });
    expect(messageOf(response.body)).toContain('region');
    expect(await store.headPosition()).toBe(head);
  });

  it.each([
    ['a document of spaces', '/persons/p-hostile/identities', { category: 'SUBSISTENCE', validFrom: '2023-01-01', source: { department: 'CIVIL_AFFAIRS', document: '   ' } }, 'source.document'],
    ['a reason of ideographic spaces and a tab', '/persons/p-hostile/identities/revocations', { category: 'SUBSISTENCE', validTo: '2023-06-30', reason: '\u3000\t ', source: { department: 'CIVIL_AFFAIRS', document: 'roster' } }, 'reason'],
    ['a reassessment reason of spaces', '/reassessments', { scope: { personId: 'p-hostile', year: 2023 }, reason: '  ' }, 'reason'],
  ])('refuses %s with 400 naming the field as blank, appending nothing', async (_label, path, body, field) => {
    const head = await store.headPosition();
    const response = await subject.http.post(path).send(body);
    expect(response.status).toBe(400);
    expect(messageOf(response.body)).toContain(field);
    expect(messageOf(response.body)).toContain('must not be blank (white space only)');
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses control, bidi and format characters in a roster\'s 文号 row by row, naming the column, appending nothing', async () => {
    const cells = ['doc\u0000nul', 'esc\u001b[31mred', 'a\tb\u007fc\u0085d', 'rlo\u202egpj.exe', 'zw\u200bsp'];
    const lines = ['人员编号,类别,认定日期,文号', ...cells.map((cell) => `p-hostile,低保边缘,2023-01-01,"${cell}"`)];
    const head = await store.headPosition();
    const response = await subject.http
      .post('/imports/identities?region=heze&department=CIVIL_AFFAIRS')
      .attach('file', Buffer.from([...lines, ''].join('\n')), 'roster.csv')
      .expect(200);
    expect(response.body.appended).toBe(0);
    expect(response.body.errors.map((error: { row: number; column: string }) => [error.row, error.column])).toEqual([[2, '文号'], [3, '文号'], [4, '文号'], [5, '文号'], [6, '文号']]);
    expect(response.body.errors[3].reason).toContain('bidirectional controls');
    expect(await store.headPosition()).toBe(head);
  });

  it('still accepts tabs and line breaks in free text', async () => {
    await subject.http
      .post('/persons/p-hostile/identities')
      .send({ category: 'SUBSISTENCE', validFrom: '2023-01-01', source: { department: 'CIVIL_AFFAIRS', document: 'roster\tline 1\r\nline 2' } })
      .expect(201);
  });
});
