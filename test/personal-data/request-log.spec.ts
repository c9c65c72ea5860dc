import { Logger, type ArgumentsHost } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import Fastify, { type FastifyInstance, type RouteHandlerMethod } from 'fastify';
import { request as nodeRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { ApiExceptionFilter } from '../../src/api/common/api-exception.filter';
import { answerFrameworkErrors } from '../../src/api/common/framework-errors';
import { logRequests, requestIdFor, serviceLogger } from '../../src/api/config/logger.config';
import { validateEnvironment } from '../../src/config/app.config';
import { checkCharacter } from '../../src/personal-data/personal-identifier';

const NATIONAL_ID = `37172919850615123${checkCharacter('37172919850615123')}`;
const MOBILE = '13800138000';

/**
 * The request log as the service writes it (`serviceLogger` at `info`, the default outside tests,
 * and the `logRequests` hook), on Fastify with the service's request ids (`requestIdFor`), in front
 * of a handler that refuses every request with 422 as the personal-identifier guard would: the line
 * is written all the same, so it is the line that must not hold the identifier.
 */
describe('request log', () => {
  let server: FastifyInstance;
  let lines: string[];
  /** Every request answered by `answer` (by default, the status given, as the guard's refusal). */
  const startServer = async (logLevel: string, status: number, answer?: RouteHandlerMethod): Promise<void> => {
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    server = Fastify({ genReqId: requestIdFor, frameworkErrors: answerFrameworkErrors({}) });
    logRequests(server, serviceLogger(validateEnvironment({ DATA_DIR: '/tmp/benefits-ledger-request-log', LOG_LEVEL: logLevel }), sink));
    server.all('/*', answer ?? (async (_request, reply) => reply.status(status).send({})));
    await server.listen({ port: 0, host: '127.0.0.1' });
  };
  /** The test's own server in place of the one every test starts with. */
  const restartServer = async (...settings: Parameters<typeof startServer>): Promise<void> => {
    await server.close();
    await startServer(...settings);
  };
  beforeEach(async () => {
    lines = [];
    await startServer('info', 422);
  });
  afterEach(() => server.close());

  const request = async (path: string, headers: Record<string, string> = {}): Promise<void> => {
    await fetch(`http://127.0.0.1:${(server.server.address() as AddressInfo).port}${path}`, { headers });
    await new Promise((resolve) => setImmediate(resolve));
  };
  const get = async (path: string, headers: Record<string, string> = {}): Promise<Record<string, unknown>> => {
    await request(path, headers);
    expect(lines).toHaveLength(1);
    return JSON.parse(lines[0] as string) as Record<string, unknown>;
  };

  it('writes the URL with its personal identifiers replaced, escaped ones too', async () => {
    const escaped = [...MOBILE].map((digit) => `%3${digit}`).join('');
    const line = await get(`/persons/${NATIONAL_ID}/timeline?phone=${MOBILE}&note=${escaped}`);
    expect(line['req']).toMatchObject({ method: 'GET', url: '/persons/[personal identifier]/timeline?phone=[personal identifier]&note=[personal identifier]' });
    expect(lines[0]).not.toContain(NATIONAL_ID);
    expect(lines[0]).not.toContain(MOBILE);
  });

  const escaped = (text: string): string => [...text].map((digit) => `%3${digit}`).join('');
  const fullWidth = (text: string): string => text.replace(/[0-9X]/g, (character) => String.fromCharCode(character.charCodeAt(0) + 0xfee0));
  it.each([
    ['an escaped ID with a stray invalid escape after it', `/persons/hz1?q=${escaped(NATIONAL_ID)}%FF`, '/persons/hz1?q=[personal identifier]\uFFFD'],
    ['an escaped ID beside a malformed escape', `/persons/hz1?q=${escaped(NATIONAL_ID)}&note=100%`, '/persons/hz1?q=[personal identifier]&note=100%'],
    ['an ID in full-width digits, escaped', `/persons/${encodeURIComponent(fullWidth(NATIONAL_ID))}/timeline`, '/persons/[personal identifier]/timeline'],
    ['an ID padded with hex letters to a digest\'s length', `/reports/funds?region=aaaaaaaaaaaaaa${NATIONAL_ID}`, '/reports/funds?region=aaaaaaaaaaaaaa[personal identifier]'],
    ['a phone grouped by "+" (a space in a query)', '/x?tel=138+0013+8000', '/x?tel=[personal identifier]'],
    ['an ID grouped 6-8-4 by hyphens in a query', '/events?correlationId=110105-19491231-002X', '/events?correlationId=[personal identifier]'],
    ['an ID grouped 6-8-4 by hyphens in a console path', '/console/persons/110105-19491231-002X', '/console/persons/[personal identifier]'],
    ['an ID split by an escaped zero-width space', '/persons/110105%E2%80%8B19491231002X', '/persons/[personal identifier]'],
    ['a phone grouped 3-4-4 by dots', '/x?tel=138.0013.8000', '/x?tel=[personal identifier]'],
  ])('writes the URL without %s', async (_label, path, expected) => {
    const line = await get(path);
    expect((line['req'] as { url: string }).url).toBe(expected);
    expect(lines[0]).not.toContain(NATIONAL_ID);
  });

  it('answers a path with an invalid escape without quoting it (Fastify\'s router answers it; no handler or hook runs)', async () => {
    const port = (server.server.address() as AddressInfo).port;
    const response = await fetch(`http://127.0.0.1:${port}/persons/${escaped(NATIONAL_ID)}%FF`);
    const body = await response.text();
    await new Promise((resolve) => setImmediate(resolve));
    expect(response.status).toBe(400);
    expect(JSON.parse(body)).toEqual({ statusCode: 400, error: 'Bad Request', code: 'FST_ERR_BAD_URL', message: ['the URL holds an invalid percent-escape'] });
    expect(body).not.toMatch(/%3\d/);
    expect(lines.join('')).not.toMatch(/%3\d|3717/);
  });

  it.each([
    ['an ID padded with hex letters to 32 characters', `aaaaaaaaaaaaaa${NATIONAL_ID}`],
    ['an ID directly followed by x', `${NATIONAL_ID}x`],
    ['an escaped ID', escaped(NATIONAL_ID)],
    ['a phone in full-width digits, escaped (a header is ASCII)', encodeURIComponent(fullWidth(MOBILE))],
  ])('replaces a request id holding %s', async (_label, requestId) => {
    const line = await get('/persons/p-000123/timeline', { 'x-request-id': requestId });
    expect((line['req'] as { id: string }).id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(lines[0]).not.toContain(requestId);
  });

  it.each([
    ['a UUID', '0f0e0d0c-0b0a-4000-8000-a13800138000'],
    ['a SHA-256 digest', `a13800138000${'c'.repeat(52)}`],
    ['a 32-character hex id', '5c138001380007d9e0f1a2b3c4d5e6f7'],
  ])('keeps a request id that is %s', async (_label, requestId) => {
    const line = await get('/persons/p-000123/timeline', { 'x-request-id': requestId });
    expect((line['req'] as { id: string }).id).toBe(requestId);
  });

  it('keeps a caller\'s request id, and replaces one that holds a personal identifier', async () => {
    const kept = await get('/persons/p-000123/timeline', { 'x-request-id': 'feeder-batch-7' });
    expect((kept['req'] as { id: string }).id).toBe('feeder-batch-7');
    lines.length = 0;
    const replaced = await get('/persons/p-000123/timeline', { 'x-request-id': `call-${MOBILE}` });
    expect((replaced['req'] as { id: string }).id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines[0]).not.toContain(MOBILE);
  });

  it('writes no request header: not the credential, not free text a client put there', async () => {
    const line = await get('/persons/p-000123/years/2023/usage', { authorization: 'Bearer blt_0123456789abcdef.secret', 'x-patient': `zhang san ${MOBILE}` });
    expect(line['req']).toEqual({ id: expect.any(String), method: 'GET', url: '/persons/p-000123/years/2023/usage', remoteAddress: '127.0.0.1' });
    expect(line).toMatchObject({ level: 30, msg: 'request completed', res: { statusCode: 422 }, responseTime: expect.any(Number) });
    expect(lines[0]).not.toContain('blt_');
    expect(lines[0]).not.toContain(MOBILE);
  });

  it('writes a server failure at error, and no line for a health probe', async () => {
    await restartServer('info', 500);
    await request('/health');
    expect(lines).toHaveLength(0);
    expect(await get('/persons/p-000123/timeline')).toMatchObject({ level: 50, msg: 'request errored', res: { statusCode: 500 } });
  });

  it('writes a line for a caller that went away before its answer, its URL redacted too', async () => {
    let arrived: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => (arrived = resolve));
    // The handler answers only once its caller has gone.
    await restartServer('info', 200, async (request) => {
      arrived();
      await new Promise((resolve) => request.raw.once('close', resolve));
      return {};
    });
    // A plain Node request, destroyed: its socket closes at once (fetch would keep it alive for seconds).
    const call = nodeRequest(`http://127.0.0.1:${(server.server.address() as AddressInfo).port}/persons/${NATIONAL_ID}/timeline`);
    call.on('error', () => undefined);
    call.end();
    await waiting;
    call.destroy();
    for (let turn = 0; turn < 50 && lines.length === 0; turn += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    // The handler's late answer goes nowhere and is not logged a second time.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 30, msg: 'request aborted', req: { method: 'GET', url: '/persons/[personal identifier]/timeline' } });
    expect(lines[0]).not.toContain(NATIONAL_ID);
  });

  it('writes nothing at warn for an answered request', async () => {
    await restartServer('warn', 422);
    await request('/persons/p-000123/timeline');
    expect(lines).toHaveLength(0);
  });
});

describe('failure log of the exception filter', () => {
  it('names the failed request by its URL with personal identifiers replaced', () => {
    const logged: string[] = [];
    const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => void logged.push(String(message)));
    try {
      const adapter = { isHeadersSent: () => false, reply: jest.fn(), end: jest.fn() };
      const filter = new ApiExceptionFilter({ httpAdapter: adapter } as unknown as HttpAdapterHost);
      const failed = { id: 'req-7', method: 'GET', url: `/persons/${NATIONAL_ID}/timeline` };
      const host = { getType: () => 'http', switchToHttp: () => ({ getRequest: () => failed, getResponse: () => ({}) }) } as unknown as ArgumentsHost;
      filter.catch(new Error('the read database is gone'), host);
    } finally {
      spy.mockRestore();
    }
    expect(logged).toEqual(['GET /persons/[personal identifier]/timeline (request req-7) failed: the read database is gone']);
  });
});
