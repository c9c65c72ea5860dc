import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore } from '../../src/event-store/event-store.port';
import { EVENT_STORE } from '../../src/api/infrastructure/tokens';
import { OPAQUE_ID, REGION_CODE } from '../../src/api/ledger/dto/wire-format';
import { DISEASE_CODE_PATTERN } from '../../src/domain/policy/disease-code';
import { CATEGORIES, CLAIM_KINDS, DEPARTMENTS, ERASURE_REASONS, HOSPITAL_LEVELS, LOCATIONS, SCHEMES } from '../../src/domain/vocabulary';
import { startTestApp, type TestApp } from '../support/app-harness';

/**
 * Bad input, generated: every route that takes a body, a path parameter or a query parameter is sent
 * one broken part at a time (a wrong type, null, a missing required field, an unknown field, an
 * impossible or far-off date, a malformed amount, a repeated or unknown query parameter, a hostile
 * path id). Each must be refused with 400, 404, 409 or 422, with a message naming the part, and the
 * store's head must not move. The runs are bounded so the file takes seconds.
 */

type Kind =
  | { readonly type: 'id' | 'region' | 'date' | 'benefitDate' | 'amount' | 'year' | 'bedDays' | 'boolean' | 'object' | 'diseaseCode' | 'nationalId' | 'phone' | 'packText' }
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'text'; readonly max: number };

interface Field {
  readonly path: string;
  readonly kind: Kind;
  readonly required: boolean;
}

interface BodyRoute {
  readonly method: 'post' | 'put';
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly fields: readonly Field[];
}

const field = (path: string, kind: Kind, required = true): Field => ({ path, kind, required });
const enumOf = (values: readonly string[]): Kind => ({ type: 'enum', values });
const text = (max: number): Kind => ({ type: 'text', max });
const kind = (type: Exclude<Kind['type'], 'enum' | 'text'>): Kind => ({ type });

const SOURCE = { department: 'CIVIL_AFFAIRS', document: '低保名册 2023-01' };
const SOURCE_FIELDS = [field('source', kind('object')), field('source.department', enumOf(DEPARTMENTS)), field('source.document', text(500))];
const PACK_TEXT = readFileSync(join(__dirname, '../../policies/heze/2022-05-01.yaml'), 'utf8');

const BODY_ROUTES: readonly BodyRoute[] = [
  { method: 'post', path: '/persons', body: { personId: 'p-prop-new', region: 'heze', scheme: 'RESIDENT' }, fields: [field('personId', kind('id')), field('region', kind('region')), field('scheme', enumOf(SCHEMES))] },
  {
    method: 'post',
    path: '/persons/p-prop/identities',
    body: { category: 'MARGINAL', validFrom: '2023-01-01', validTo: '2023-12-31', source: SOURCE },
    // validTo: null is meaningful (open until revoked), so null is not among its bad values: see badValue.
    fields: [field('category', enumOf(CATEGORIES)), field('validFrom', kind('date')), field('validTo', kind('date'), false), ...SOURCE_FIELDS],
  },
  {
    method: 'post',
    path: '/persons/p-prop/identities/revocations',
    body: { category: 'SUBSISTENCE', validTo: '2023-06-30', reason: '收入超过低保标准', source: SOURCE },
    fields: [field('category', enumOf(CATEGORIES)), field('validTo', kind('date')), field('reason', text(500)), ...SOURCE_FIELDS],
  },
  {
    method: 'post',
    path: '/persons/p-prop/enrollments',
    body: { year: 2024, scheme: 'RESIDENT', contribution: '380.00', enrolledOn: '2023-11-15' },
    fields: [field('year', kind('year')), field('scheme', enumOf(SCHEMES), false), field('contribution', kind('amount')), field('enrolledOn', kind('date'))],
  },
  { method: 'post', path: '/persons/p-prop/one-time-assistance', body: { applicationDate: '2023-09-01' }, fields: [field('applicationDate', kind('benefitDate'))] },
  {
    method: 'post',
    path: '/claims',
    body: {
      claimId: 'c-prop-new', personId: 'p-prop', kind: 'INPATIENT', admissionDate: '2023-03-01', dischargeDate: '2023-03-10', hospitalLevel: 'SECONDARY',
      location: 'IN_COUNTY', referred: false, relocationFiled: false, severeMentalDisorder: { bedDays: 9 }, diseaseCode: 'E11.900',
      costs: { total: '3000.00', outOfCatalog: '10.00', categoryBSelfPay: '0.00', overStandard: '0.00', outOfAreaFirstSelfPay: '0.00' },
      adjudicated: { basic: '0.00', critical: '0.00' },
    },
    fields: [
      field('claimId', kind('id')), field('personId', kind('id')), field('kind', enumOf(CLAIM_KINDS)), field('admissionDate', kind('benefitDate')),
      field('dischargeDate', kind('benefitDate')), field('hospitalLevel', enumOf(HOSPITAL_LEVELS)), field('location', enumOf(LOCATIONS)),
      field('referred', kind('boolean'), false), field('relocationFiled', kind('boolean'), false), field('severeMentalDisorder', kind('object'), false),
      field('severeMentalDisorder.bedDays', kind('bedDays')), field('diseaseCode', kind('diseaseCode'), false), field('costs', kind('object')),
      field('costs.total', kind('amount')), field('costs.outOfCatalog', kind('amount'), false), field('costs.categoryBSelfPay', kind('amount'), false),
      field('costs.overStandard', kind('amount'), false), field('costs.outOfAreaFirstSelfPay', kind('amount'), false), field('adjudicated', kind('object'), false),
      field('adjudicated.basic', kind('amount'), false), field('adjudicated.critical', kind('amount'), false),
    ],
  },
  {
    method: 'post',
    path: '/reassessments',
    body: { scope: { personId: 'p-prop', year: 2023 }, reason: 'check', correctionId: 'corr-prop', dryRun: false },
    fields: [
      field('scope', kind('object')), field('scope.personId', kind('id')), field('scope.year', kind('year')), field('reason', text(500)),
      field('correctionId', kind('id'), false), field('dryRun', kind('boolean'), false),
    ],
  },
  {
    method: 'post',
    path: '/reassessments',
    body: { scope: { region: 'heze', from: '2023-01-01', to: '2023-12-31' }, reason: 'check', dryRun: true },
    fields: [field('scope.region', kind('region')), field('scope.from', kind('benefitDate')), field('scope.to', kind('benefitDate'))],
  },
  {
    method: 'post',
    path: '/policies',
    body: { seed: 'heze', revision: '2022-05-01', reason: 'publish', document: '菏医保〔2022〕10号' },
    fields: [field('seed', kind('region')), field('revision', text(64), false), field('reason', text(500), false), field('document', text(500), false)],
  },
  {
    method: 'put',
    path: '/persons/p-prop/personal-data',
    body: { name: '张三', nationalId: '11010519491231002X', phone: '13800138000', address: '山东省菏泽市' },
    fields: [field('name', text(100), false), field('nationalId', kind('nationalId'), false), field('phone', kind('phone'), false), field('address', text(300), false)],
  },
  { method: 'post', path: '/persons/lookup', body: { nationalId: '11010519491231002X' }, fields: [field('nationalId', kind('nationalId'))] },
  { method: 'post', path: '/persons/p-prop/personal-data/erasure', body: { reason: 'SUBJECT_REQUEST' }, fields: [field('reason', enumOf(ERASURE_REASONS))] },
  {
    method: 'post',
    path: '/simulations',
    body: { pack: PACK_TEXT, region: 'heze', year: 2023, againstYear: 2022 },
    fields: [field('pack', kind('packText')), field('region', kind('region')), field('year', kind('year')), field('againstYear', kind('year'), false)],
  },
];

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** Values of the wrong JSON type for a string field; a date, amount, id or text must be a string. */
const NOT_A_STRING: readonly unknown[] = [null, 0, -1, 1.5, 1e20, true, false, [], ['x'], {}, { a: 1 }];
/** Strings no string field takes: empty, blank, control characters, a bidi override. */
const BROKEN_STRINGS: readonly string[] = ['', ' ', '   ', '\t', '\u3000', 'a\u0001b', 'x\u202eb', '\u200b'];

const impossibleDates = fc.oneof(
  fc.constantFrom('2023-02-30', '2023-02-29', '2023-13-01', '2023-00-10', '2023-04-31', '2023-1-1', '2023-01-1', '23-01-01', '2023/01/01', '20230101', '2023-01-01T00:00:00Z', ' 2023-01-01', '2023-01-01 ', '２０２３-01-01'),
  fc.record({ year: fc.integer({ min: 1, max: 9999 }), month: fc.integer({ min: 13, max: 99 }), day: fc.integer({ min: 1, max: 28 }) }).map(({ year, month, day }) => `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`),
);
/** Well-formed dates in years no command may name: year 100 and 9999 are typos recorded for ever. */
const farDates = (lowestAccepted: number) =>
  fc.oneof(fc.integer({ min: 1, max: lowestAccepted - 1 }), fc.integer({ min: 2101, max: 9999 })).map((year) => `${pad(year, 4)}-06-15`);

const malformedAmounts = fc.oneof(
  fc.constantFrom('12.345', '0.001', '-5', '-0.01', '1e3', '1E3', ' 12.00', '12.00 ', '12.', '.5', '1,000.00', '0x10', 'Infinity', 'NaN', '1e20', '１２', '+12', '12.3.4'),
  // Above the cap of twelve integer digits.
  fc.bigInt({ min: 10n ** 12n, max: 10n ** 25n }).map((value) => value.toString()),
  fc.double({ noNaN: true }),
  fc.integer(),
);

const badInteger = (min: number, max: number) =>
  fc.oneof(fc.constantFrom<unknown>(null, true, '2023', '3', 1.5, 2023.5, [], {}, 1e20), fc.integer({ min: -1e9, max: min - 1 }), fc.integer({ min: max + 1, max: 1e9 }));

const notMatching = (pattern: RegExp, extra: readonly string[]) =>
  fc.oneof(fc.constantFrom(...extra), fc.string({ maxLength: 80 }).filter((value) => !pattern.test(value)));

/** Values that are invalid for a field of this kind whatever the rest of the body holds. */
const badValue = (target: Field): fc.Arbitrary<unknown> => {
  const strings = fc.constantFrom<unknown>(...NOT_A_STRING, ...BROKEN_STRINGS);
  const kindOf = target.kind;
  switch (kindOf.type) {
    case 'id':
      return fc.oneof(strings, notMatching(OPAQUE_ID, ['a/b', '..', '-x', '.x', '中文', 'p x', 'x'.repeat(65), 'a%2Fb']));
    case 'region':
      return fc.oneof(strings, notMatching(REGION_CODE, ['Heze', 'HEZE', 'he ze', 'h', 'x'.repeat(40), '菏泽', '1heze']));
    case 'enum':
      return fc.oneof(strings, fc.string({ maxLength: 30 }).filter((value) => !kindOf.values.includes(value)), fc.constantFrom(...kindOf.values.map((value) => value.toLowerCase())));
    case 'text':
      return fc.oneof(strings.filter((value) => value !== null || target.path !== 'validTo'), fc.integer({ min: kindOf.max + 1, max: kindOf.max + 300 }).map((length) => '字'.repeat(length)));
    case 'date':
      return fc.oneof(strings.filter((value) => value !== null || target.path !== 'validTo'), impossibleDates, farDates(1900));
    case 'benefitDate':
      return fc.oneof(strings, impossibleDates, farDates(2000));
    case 'amount':
      return fc.oneof(strings, malformedAmounts);
    case 'year':
      return badInteger(2000, 2100);
    case 'bedDays':
      return badInteger(0, 366);
    case 'boolean':
      return fc.constantFrom<unknown>(null, 'true', 'false', 0, 1, 'yes', [], {});
    case 'object':
      return fc.constantFrom<unknown>(null, [], [{}], 'x', 0, true);
    case 'diseaseCode':
      return fc.oneof(strings, notMatching(DISEASE_CODE_PATTERN, ['e11', 'M0390', 'M039000', 'E11.90000', 'XYZ']));
    case 'nationalId':
      return fc.oneof(strings, fc.constantFrom('110105194912310021', '11010519491231002', 'x', '99010519491231002X'));
    case 'phone':
      return fc.oneof(strings, fc.constantFrom('12345', 'abc', '+1 555 0100', '1380013800'));
    case 'packText':
      return fc.oneof(fc.constantFrom<unknown>(null, 0, true, [], {}, ''), fc.string({ maxLength: 200 }));
  }
};

/** The body with the dotted path set to `value`, or deleted when `value` is `DELETE`. */
const DELETE = Symbol('delete');
const withPath = (body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> => {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = keys[keys.length - 1]!;
  if (value === DELETE) delete node[last];
  else node[last] = value;
  return copy;
};

const unknownKey = fc.stringMatching(/^[a-z][a-zA-Z]{0,14}$/).filter((key) => !['constructor', 'prototype'].includes(key));

/** One broken part: a field set to a bad value, a required field left out, or an unknown field added (at the top or in an object field). */
const brokenBodies = fc.oneof(
  ...BODY_ROUTES.flatMap((route) => route.fields.map((target) => badValue(target).map((value) => ({ route, named: target.path, body: withPath(route.body, target.path, value) })))),
  ...BODY_ROUTES.flatMap((route) => route.fields.filter((target) => target.required).map((target) => fc.constant({ route, named: target.path, body: withPath(route.body, target.path, DELETE) }))),
  ...BODY_ROUTES.map((route) =>
    fc
      .record({ key: unknownKey, parent: fc.constantFrom('', ...route.fields.filter((target) => target.kind.type === 'object').map((target) => target.path)) })
      .filter(({ key, parent }) => !route.fields.some((target) => target.path === (parent === '' ? key : `${parent}.${key}`)) && !(parent === '' && key in route.body))
      .map(({ key, parent }) => {
        const path = parent === '' ? key : `${parent}.${key}`;
        return { route, named: path, body: withPath(route.body, path, 'x') };
      }),
  ),
);

interface QueryRoute {
  readonly path: string;
  readonly params: Readonly<Record<string, { readonly bad: fc.Arbitrary<string>; readonly good: string }>>;
}

const POSITION = { bad: fc.oneof(fc.constantFrom('-1', 'abc', '1.5', '1e3', ' 1', '0x10', '9223372036854775808', '99999999999999999999'), fc.integer({ max: -1 }).map(String)), good: '0' };
const INSTANT = { bad: fc.constantFrom('2023-01-01', '2023-01-01T00:00:00', '2023-02-30T00:00:00Z', '2023-01-01T25:00:00Z', 'yesterday', '2023-01-01T00:00:00+99:00', '1e3'), good: '2023-06-01T00:00:00+08:00' };
const DATE = { bad: fc.oneof(impossibleDates.filter((date) => date.trim() !== ''), fc.constantFrom('tomorrow', '2023-1-1')), good: '2023-05-01' };
const MONTH = { bad: fc.constantFrom('2023-13', '2023-1', '2023-00', '2023/01', '202301', '2023-01-01'), good: '2023-01' };
const REGION = { bad: fc.constantFrom('Heze', 'he ze', 'h', 'x'.repeat(40), '菏泽'), good: 'heze' };
const LIMIT = (max: number) => ({ bad: fc.oneof(fc.constantFrom('0', '-5', '1.5', '1e3', 'abc', ' 1'), fc.integer({ min: max + 1, max: 1e9 }).map(String)), good: '10' });

const QUERY_ROUTES: readonly QueryRoute[] = [
  { path: '/feed', params: { after: POSITION, limit: LIMIT(1000) } },
  { path: '/persons/p-prop/timeline', params: { asOf: DATE, asAt: INSTANT, minPosition: POSITION } },
  { path: '/persons/p-prop/years/2023/usage', params: { asAt: INSTANT, minPosition: POSITION } },
  { path: '/persons/p-prop/years/2023/subsidy', params: { asAt: INSTANT, minPosition: POSITION } },
  { path: '/persons/p-prop/enrollments', params: { asAt: INSTANT, minPosition: POSITION } },
  { path: '/persons/p-prop/alerts', params: { status: { bad: fc.constantFrom('closed', 'OPEN', 'open '), good: 'all' }, asAt: INSTANT, minPosition: POSITION } },
  { path: '/reports/funds', params: { region: REGION, from: MONTH, to: MONTH, minPosition: POSITION } },
  { path: '/events', params: { correlationId: { bad: fc.constantFrom('x'.repeat(201)), good: 'req-1' }, minPosition: POSITION } },
  { path: '/claims/c-prop', params: { lang: { bad: fc.constantFrom('fr', 'ZH', 'zh-CN'), good: 'en' }, asAt: INSTANT, minPosition: POSITION } },
  { path: '/claims/c-prop/explanation', params: { lang: { bad: fc.constantFrom('fr', 'EN'), good: 'zh' }, asAt: INSTANT, minPosition: POSITION } },
  {
    path: '/audit/access',
    params: { personId: { bad: fc.constantFrom('a b', '-x', 'x'.repeat(65)), good: 'p-prop' }, principal: { bad: fc.constantFrom('x'.repeat(201)), good: 'token:x' }, after: { bad: fc.constantFrom('-1', 'abc', '1e3'), good: '0' }, limit: LIMIT(1000) },
  },
  { path: '/audit/checkpoints', params: { after: POSITION } },
  { path: '/policies', params: { region: REGION } },
  { path: '/exports/early-warnings', params: { region: REGION, from: DATE, to: DATE, format: { bad: fc.constantFrom('pdf', 'XLSX', 'json'), good: 'csv' } } },
];

/** The route's good query with one parameter broken: a bad value, given twice, or an unknown name beside it. */
const brokenQueries = fc.oneof(
  ...QUERY_ROUTES.flatMap((route) => {
    const good = Object.fromEntries(Object.entries(route.params).map(([name, param]) => [name, param.good]));
    const query = (entries: ReadonlyArray<readonly [string, string]>) => `${route.path}?${new URLSearchParams(entries as Array<[string, string]>).toString()}`;
    const others = (name: string) => Object.entries(good).filter(([other]) => other !== name);
    return [
      ...Object.entries(route.params).map(([name, param]) => param.bad.map((value) => ({ url: query([...others(name), [name, value]]), named: name }))),
      ...Object.keys(route.params).map((name) => fc.constant({ url: query([...Object.entries(good), [name, good[name]!]]), named: name })),
      unknownKey.filter((key) => !(key in route.params)).map((key) => ({ url: query([...Object.entries(good), [key, '1']]), named: key })),
    ];
  }),
);

/** Routes with an id in the path, and strings no id may be. */
const ID_ROUTES: ReadonlyArray<{ method: 'get' | 'post' | 'put'; path: (id: string) => string; name: string; body?: object }> = [
  { method: 'get', path: (id) => `/persons/${id}`, name: 'personId' },
  { method: 'post', path: (id) => `/persons/${id}/enrollments`, name: 'personId', body: { year: 2025, contribution: '380', enrolledOn: '2024-11-15' } },
  { method: 'post', path: (id) => `/persons/${id}/identities`, name: 'personId', body: { category: 'EDGE', validFrom: '2023-01-01', source: SOURCE } },
  { method: 'put', path: (id) => `/persons/${id}/personal-data`, name: 'personId', body: { name: '张三' } },
  { method: 'get', path: (id) => `/persons/${id}/years/2023/usage`, name: 'personId' },
  { method: 'get', path: (id) => `/claims/${id}`, name: 'claimId' },
  { method: 'get', path: (id) => `/claims/${id}/explanation`, name: 'claimId' },
];
const badIds = fc.oneof(
  fc.constantFrom('a/b', '..', '.', '-x', '中文', 'p x', 'x'.repeat(65), 'a%b', 'a?b', 'a#b', 'p-prop\n', 'p-prop\u0000', '\u202ep', 'p\u200b'),
  fc.string({ minLength: 1, maxLength: 70 }).filter((id) => !OPAQUE_ID.test(id)),
);

const ACCEPTED = [400, 404, 409, 422];
const messageOf = (body: { message?: unknown }): string => (Array.isArray(body.message) ? body.message.join('\n') : String(body.message ?? ''));
const leafOf = (path: string): string => path.split('.').at(-1)!;

describe('bad input never answers a 500 or appends (e2e, embedded store, generated)', () => {
  let subject: TestApp;
  let store: EventStore;

  beforeAll(async () => {
    subject = await startTestApp({ env: { CHECKPOINT_INTERVAL_SECONDS: '3600' } });
    store = subject.app.get<EventStore>(EVENT_STORE);
    await subject.http.post('/persons').send({ personId: 'p-prop', region: 'heze', scheme: 'RESIDENT' }).expect(201);
    await subject.http.post('/persons/p-prop/identities').send({ category: 'SUBSISTENCE', validFrom: '2022-01-01', source: SOURCE }).expect(201);
    await subject.http.post('/persons/p-prop/enrollments').send({ year: 2023, contribution: '380', enrolledOn: '2022-11-15' }).expect(201);
    const claim = { claimId: 'c-prop', personId: 'p-prop', kind: 'INPATIENT', admissionDate: '2023-03-01', dischargeDate: '2023-03-10', hospitalLevel: 'SECONDARY', location: 'IN_COUNTY', costs: { total: '3000.00' } };
    await subject.http.post('/claims').send(claim).expect(201);
  });

  afterAll(async () => {
    await subject.close();
  });

  /** Sends, then checks the status, that the message names `named`, and that the head did not move. */
  const refusedNaming = async (send: () => PromiseLike<{ status: number; body: { message?: unknown } }>, named: string): Promise<void> => {
    const head = await store.headPosition();
    const answer = await send();
    expect({ status: ACCEPTED.includes(answer.status) ? 'refused' : answer.status, names: messageOf(answer.body).includes(named) ? named : messageOf(answer.body) }).toEqual({ status: 'refused', names: named });
    expect(await store.headPosition()).toBe(head);
  };

  it('refuses every body with one broken field, naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(brokenBodies, async ({ route, named, body }) => {
        await refusedNaming(() => subject.http[route.method](route.path).send(body), leafOf(named));
      }),
      { numRuns: 400 },
    );
  });

  it('refuses every query with one broken, repeated or unknown parameter, naming it', async () => {
    await fc.assert(
      fc.asyncProperty(brokenQueries, async ({ url, named }) => {
        await refusedNaming(() => subject.http.get(url), named);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses every id in a path that is not an opaque id, naming the parameter', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ID_ROUTES), badIds, async (route, id) => {
        await refusedNaming(() => {
          const request = subject.http[route.method](route.path(encodeURIComponent(id)));
          return route.body === undefined ? request : request.send(route.body);
        }, route.name);
      }),
      { numRuns: 100 },
    );
  });
});
