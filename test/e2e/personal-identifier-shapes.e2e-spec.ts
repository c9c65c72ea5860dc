import { createHash, randomUUID } from 'node:crypto';
import type { EventStore } from '../../src/event-store/event-store.port';
import { EVENT_STORE } from '../../src/api/infrastructure/tokens';
import { checkCharacter } from '../../src/personal-data/personal-identifier';
import { startTestApp, type TestApp } from '../support/app-harness';

// A Heze 身份证号 with its check digit, the GB 11643 sample (check character X), a mobile number.
const ID = `37172919850615123${checkCharacter('37172919850615123')}`;
const SAMPLE_ID = '11010519491231002X';
const PHONE = '13800138000';
const HEX_PADDED_ID = `aaaaaaaaaaaaaa${ID}`;
const fullWidth = (text: string): string => text.replace(/[0-9X]/g, (character) => String.fromCharCode(character.charCodeAt(0) + 0xfee0));
const escaped = (text: string): string => [...text].map((character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`).join('');
// Arabic-Indic digits U+0660–0669: decimal digits of another script, the same number to a reader.
const arabicIndic = (text: string): string => text.replace(/[0-9]/g, (digit) => String.fromCharCode(0x0660 + Number(digit)));
const source = { department: 'CIVIL_AFFAIRS', document: '低保名册 2023-01' };

/**
 * Personal identifiers written so that the detector once let them through, over HTTP on the
 * embedded store: padded to the shape of a digest, in full-width digits, followed by an x, escaped
 * beside an invalid escape, inside an uploaded table. Each is refused, and nothing is appended; the
 * generated values the detector must not refuse (UUIDs, digests, token ids) still pass.
 */
describe('personal identifiers in every shape (e2e, embedded store)', () => {
  let subject: TestApp;
  let store: EventStore;

  beforeAll(async () => {
    subject = await startTestApp();
    store = subject.app.get<EventStore>(EVENT_STORE);
    await subject.http.post('/persons').send({ personId: 'p-shape', region: 'heze', scheme: 'RESIDENT' }).expect(201);
    await subject.http.post('/persons/p-shape/identities').send({ category: 'SUBSISTENCE', validFrom: '2023-01-01', source }).expect(201);
    await subject.http.post('/persons/p-shape/enrollments').send({ year: 2023, contribution: '380', enrolledOn: '2022-11-15' }).expect(201);
  }, 60_000);
  afterAll(async () => subject.close());

  /** Every stored event's data and metadata, as text. */
  const storedText = async (): Promise<string> => JSON.stringify((await store.readAll({ maxCount: 100_000 })).map(({ data, metadata }) => [data, metadata]));

  describe('the guard', () => {
    interface Attempt {
      readonly label: string;
      readonly method: 'post' | 'get';
      readonly path: string;
      readonly body?: object;
      readonly headers?: Record<string, string>;
      readonly field: string;
      readonly secret: string;
    }
    const attempts: Attempt[] = [
      { label: 'an ID padded with hex letters to 32 characters as personId', method: 'post', path: '/persons', body: { personId: HEX_PADDED_ID, region: 'heze', scheme: 'RESIDENT' }, field: 'personId', secret: ID },
      { label: 'an ID padded to 32 hex characters as Idempotency-Key', method: 'post', path: '/persons', body: { personId: 'p-shape-2', region: 'heze', scheme: 'RESIDENT' }, headers: { 'Idempotency-Key': HEX_PADDED_ID }, field: 'header Idempotency-Key', secret: ID },
      { label: 'an ID padded to 32 hex characters as X-Correlation-Id', method: 'post', path: '/persons', body: { personId: 'p-shape-3', region: 'heze', scheme: 'RESIDENT' }, headers: { 'X-Correlation-Id': HEX_PADDED_ID }, field: 'header X-Correlation-Id', secret: ID },
      { label: 'a legacy ID padded to a SHA-1\'s 40 hex characters as Idempotency-Key', method: 'post', path: '/persons', body: { personId: 'p-shape-4', region: 'heze', scheme: 'RESIDENT' }, headers: { 'Idempotency-Key': `${'abcdef'.repeat(4)}a371729850615123` }, field: 'header Idempotency-Key', secret: '371729850615123' },
      { label: 'an ID padded to 32 hex characters in a report\'s region', method: 'get', path: `/reports/funds?region=${HEX_PADDED_ID}`, field: 'query.region', secret: ID },
      { label: 'an ID directly followed by x as personId', method: 'post', path: '/persons', body: { personId: `${ID}x`, region: 'heze', scheme: 'RESIDENT' }, field: 'personId', secret: ID },
      { label: 'the sample ID followed by x as personId', method: 'post', path: '/persons', body: { personId: `${SAMPLE_ID}x`, region: 'heze', scheme: 'RESIDENT' }, field: 'personId', secret: SAMPLE_ID },
      { label: 'an ID in full-width digits in source.document', method: 'post', path: '/persons/p-shape/identities', body: { category: 'EDGE', validFrom: '2023-01-01', source: { ...source, document: `名册 ${fullWidth(ID)}` } }, field: 'source.document', secret: fullWidth(ID) },
      { label: 'a phone of half- and full-width digits in a revocation reason', method: 'post', path: '/persons/p-shape/identities/revocations', body: { category: 'SUBSISTENCE', validTo: '2023-06-30', reason: '电话 138００138000', source }, field: 'reason', secret: '138００138000' },
      { label: 'an escaped ID beside an invalid escape in a query', method: 'get', path: `/persons/p-shape?q=${escaped(ID)}%FF`, field: 'query.q', secret: escaped(ID) },
      { label: 'an ID grouped 6-8-4 by spaces, as printed on the card, in source.document', method: 'post', path: '/persons/p-shape/identities', body: { category: 'EDGE', validFrom: '2023-01-01', source: { ...source, document: '名册 110105 19491231 002X' } }, field: 'source.document', secret: '110105 19491231 002X' },
      { label: 'an ID grouped 6-8-4 by hyphens in source.document', method: 'post', path: '/persons/p-shape/identities', body: { category: 'EDGE', validFrom: '2023-01-01', source: { ...source, document: '110105-19491231-002X' } }, field: 'source.document', secret: '110105-19491231-002X' },
      { label: 'an ID in Arabic-Indic digits in source.document', method: 'post', path: '/persons/p-shape/identities', body: { category: 'EDGE', validFrom: '2023-01-01', source: { ...source, document: arabicIndic(ID) } }, field: 'source.document', secret: arabicIndic(ID) },
      { label: 'a phone grouped 3-4-4 by dots in a revocation reason', method: 'post', path: '/persons/p-shape/identities/revocations', body: { category: 'SUBSISTENCE', validTo: '2023-06-30', reason: '电话 138.0013.8000', source }, field: 'reason', secret: '138.0013.8000' },
      { label: 'an ID grouped 6-8-4 by hyphens as a correlation id in a query', method: 'get', path: '/events?correlationId=110105-19491231-002X', field: 'query.correlationId', secret: '110105-19491231-002X' },
      { label: 'an ID grouped 6-8-4 by hyphens in a path', method: 'get', path: '/persons/110105-19491231-002X', field: 'personId', secret: '110105-19491231-002X' },
      { label: 'an escaped ID in a body string', method: 'post', path: '/persons/p-shape/identities', body: { category: 'EDGE', validFrom: '2023-01-01', source: { ...source, document: escaped(ID) } }, field: 'source.document', secret: escaped(ID) },
    ];

    it.each(attempts)('refuses $label with 422 naming the field, and appends nothing', async ({ method, path, body, headers, field, secret }) => {
      const head = await store.headPosition();
      let call = subject.http[method](path);
      for (const [name, value] of Object.entries(headers ?? {})) call = call.set(name, value);
      const response = await (body === undefined ? call : call.send(body)).expect(422);
      expect(response.body.code).toBe('PERSONAL_DATA_NOT_ALLOWED');
      expect(response.body.message).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${field.replace(/\./g, '\\.')}: must not contain `))]));
      expect(JSON.stringify(response.body)).not.toContain(secret);
      expect(await store.headPosition()).toBe(head);
      expect(await storedText()).not.toContain(secret);
    });

    it('lets through the generated values it must not refuse: a UUID, a digest and a hex id holding mobile-shaped runs, a token principal', async () => {
      const correlationId = '0f0e0d0c-0b0a-4000-8000-a13800138000';
      const digest = `a${PHONE}${createHash('sha256').update('p-shape-ok').digest('hex').slice(12)}`;
      const requestId = `5c${PHONE}7d9e0f1a2b3c4d5e6f7a`;
      const created = await subject.http
        .post('/persons')
        .set({ 'Idempotency-Key': digest, 'X-Correlation-Id': correlationId, 'X-Request-Id': requestId })
        .send({ personId: 'p-shape-ok', region: 'heze', scheme: 'RESIDENT' })
        .expect(201);
      expect(created.headers['x-request-id']).toBe(requestId);
      await subject.http.get(`/events?correlationId=${correlationId}`).expect(200);
      await subject.http.get(`/events?correlationId=${randomUUID()}`).expect(200);
      await subject.http.get(`/audit/access?principal=token:a${PHONE}bcde`).expect(200);
    });
  });

  describe('the request id and the router', () => {
    it('replaces a request id holding a padded ID with a UUID of its own', async () => {
      const response = await subject.http.get('/persons/p-shape').set('X-Request-Id', HEX_PADDED_ID).expect(200);
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    });

    it.each([
      ['an escaped ID beside an invalid escape in the path', `/persons/${escaped(ID)}%FF`, 400, 'FST_ERR_BAD_URL', escaped(ID)],
      ['an ID in a path parameter over its length bound', `/persons/${'a'.repeat(100)}${ID}`, 414, 'FST_ERR_MAX_PARAM_LENGTH', ID],
    ])('answers %s without quoting the path', async (_label, path, status, code, secret) => {
      const response = await subject.http.get(path).expect(status);
      expect(response.body).toMatchObject({ statusCode: status, code });
      expect(response.text).not.toContain(secret);
    });
  });

  describe('uploads', () => {
    const upload = (path: string, lines: string[]) => subject.http.post(path).attach('file', Buffer.from([...lines, ''].join('\n')), 'upload.csv');

    it.each([
      ['an ID in a roster\'s 文号', '/imports/identities?region=heze&department=CIVIL_AFFAIRS', ['人员编号,类别,认定日期,文号', `p-shape,低保边缘,2023-01-01,民政 ${ID} 号`], '文号'],
      ['an ID as a roster\'s 人员编号', '/imports/identities?region=heze&department=CIVIL_AFFAIRS', ['人员编号,类别,认定日期,文号', `${ID},低保边缘,2023-01-01,菏民发〔2023〕1号`], '人员编号'],
      ['an ID inside a claim\'s 结算单号', '/imports/claims', ['结算单号,人员编号,医疗类别,入院日期,医院等级,就医地,医疗总费用', `imp-${ID},p-shape,住院,2023-05-01,二级,县域内,3000.00`], '结算单号'],
    ])('refuses %s as an error row naming the column, and appends nothing', async (_label, path, lines, column) => {
      const head = await store.headPosition();
      const response = await upload(path, lines).expect(200);
      expect(response.body.errors).toEqual([{ row: 2, column, reason: expect.stringMatching(/^must not contain a 身份证号/) }]);
      expect(response.body.appended).toBe(0);
      expect(response.text).not.toContain(ID);
      expect(await store.headPosition()).toBe(head);
      expect(await storedText()).not.toContain(ID);
    });
  });
});
