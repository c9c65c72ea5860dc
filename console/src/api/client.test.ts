import { describe, expect, it } from 'vitest';
import { ApiError, LedgerClient, listOf, withQuery, type Fetch } from './client';

const answering = (status: number, body: unknown, calls: Array<{ input: string; init?: RequestInit }> = []): Fetch => async (input, init) => {
  calls.push({ input, ...(init ? { init } : {}) });
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
};

describe('ledger client', () => {
  it('builds query strings without empty parameters and escapes path segments', async () => {
    expect(withQuery('/x', { asOf: '2023-05-01', asAt: null, y: '' })).toBe('/x?asOf=2023-05-01');
    const calls: Array<{ input: string }> = [];
    await new LedgerClient(answering(200, { personId: 'a/b' }, calls)).timeline('a/b', { asAt: '2023-06-01T00:00:00.000Z' });
    expect(calls[0]?.input).toBe('/persons/a%2Fb/timeline?asAt=2023-06-01T00%3A00%3A00.000Z');
  });

  it('turns the service error body into a typed error with its words and code', async () => {
    const client = new LedgerClient(answering(404, { statusCode: 404, error: 'Not Found', code: 'PERSON_NOT_FOUND', message: 'person p-9 is not registered' }));
    await expect(client.person('p-9')).rejects.toMatchObject({ kind: 'not-found', status: 404, code: 'PERSON_NOT_FOUND', message: 'person p-9 is not registered' });
    const invalid = new LedgerClient(answering(400, { statusCode: 400, message: ['asOf: must be a date', 'asAt: must be an instant'] }));
    await expect(invalid.timeline('p-1', { asOf: 'x' })).rejects.toMatchObject({ kind: 'bad-request', message: 'asOf: must be a date; asAt: must be an instant' });
  });

  it('reports an unreachable service as a network error', async () => {
    const client = new LedgerClient(async () => {
      throw new TypeError('Failed to fetch');
    });
    const error = await client.claim('c-1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'network', message: 'Failed to fetch' });
  });

  it('describes a failure without a JSON body by its status', async () => {
    await expect(new LedgerClient(answering(502, '<html>Bad gateway</html>')).claim('c-1')).rejects.toMatchObject({ kind: 'server', message: 'HTTP 502' });
  });

  it('sends dry runs only, with the signed-in credential and no actor header of its own', async () => {
    const calls: Array<{ input: string; init?: RequestInit }> = [];
    await new LedgerClient(answering(200, { dryRun: true }, calls), () => 'blt_0011223344556677.secret').dryRunReassessment({ region: 'heze', from: '2023-01-01', to: '2023-12-31' }, 'check');
    expect(calls[0]?.input).toBe('/reassessments');
    expect(JSON.parse(String(calls[0]?.init?.body))).toEqual({ scope: { region: 'heze', from: '2023-01-01', to: '2023-12-31' }, reason: 'check', dryRun: true });
    const headers = calls[0]?.init?.headers as Record<string, string>;
    expect(headers.authorization).toBe('Bearer blt_0011223344556677.secret');
    expect(headers['x-actor']).toBeUndefined();
  });

  it('sends no credential before sign-in, and tells a refused credential (401) from a refused role (403)', async () => {
    const calls: Array<{ input: string; init?: RequestInit }> = [];
    await expect(new LedgerClient(answering(401, { statusCode: 401, message: 'a bearer credential is required' }, calls)).me()).rejects.toMatchObject({ kind: 'unauthorized' });
    expect((calls[0]?.init?.headers as Record<string, string>).authorization).toBeUndefined();
    await expect(new LedgerClient(answering(403, { statusCode: 403, message: 'this route needs one of the roles: operator' })).dryRunReassessment({ region: 'heze', from: '2023-01-01', to: '2023-12-31' }, 'x')).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('unwraps the usage answer and asks for every alert, open or withdrawn', async () => {
    const calls: Array<{ input: string }> = [];
    const usage = await new LedgerClient(answering(200, { usage: { personId: 'p-1', tiers: {} }, asAt: null }, calls)).usage('p-1', 2023, null);
    expect(usage).toEqual({ personId: 'p-1', tiers: {} });
    await new LedgerClient(answering(200, [], calls)).alerts('p-1', null);
    expect(calls[1]?.input).toBe('/persons/p-1/alerts?status=all');
  });

  // Issue 14 item 6: enrollments, subsidy status and alerts as at a recorded moment.
  it('passes asAt to the subsidy, enrollments and alerts', async () => {
    const calls: Array<{ input: string }> = [];
    const asAt = '2023-06-01T00:00:00.000Z';
    await new LedgerClient(answering(200, {}, calls)).subsidy('p-1', 2023, asAt);
    await new LedgerClient(answering(200, [], calls)).enrollments('p-1', asAt);
    await new LedgerClient(answering(200, [], calls)).alerts('p-1', asAt);
    expect(calls.map((call) => call.input)).toEqual([
      '/persons/p-1/years/2023/subsidy?asAt=2023-06-01T00%3A00%3A00.000Z',
      '/persons/p-1/enrollments?asAt=2023-06-01T00%3A00%3A00.000Z',
      '/persons/p-1/alerts?status=all&asAt=2023-06-01T00%3A00%3A00.000Z',
    ]);
  });

  it('reads the funds report with its truncation flag', async () => {
    const calls: Array<{ input: string }> = [];
    const report = await new LedgerClient(answering(200, { rows: [{ month: '2023-04' }], totals: {}, truncated: true }, calls)).funds({ region: 'heze', from: '2023-01', to: '2023-12' });
    expect(report).toEqual({ rows: [{ month: '2023-04' }], truncated: true });
    expect(calls[0]?.input).toBe('/reports/funds?region=heze&from=2023-01&to=2023-12');
  });

  it('lists the regions that have a published policy', async () => {
    const body = { policies: [{ ref: { region: 'heze' } }, { ref: { region: 'fumeng' } }, { ref: { region: 'heze' } }] };
    await expect(new LedgerClient(answering(200, body)).regions()).resolves.toEqual(['fumeng', 'heze']);
  });

  it('reads lists bare or wrapped', () => {
    expect(listOf([1, 2])).toEqual([1, 2]);
    expect(listOf({ alerts: [3] }, 'alerts')).toEqual([3]);
    expect(listOf({ items: [4] })).toEqual([4]);
    expect(() => listOf({ nothing: true })).toThrow(ApiError);
  });

  // A token revoked mid-session: the console must learn it at the first 401 and sign out, not only when reloaded.
  it('tells the console about a 401, and only about a 401', async () => {
    let signedOut = 0;
    const revoked = new LedgerClient(answering(401, { statusCode: 401, message: 'the bearer credential is invalid, expired or revoked' }), () => 'blt_x', () => void (signedOut += 1));
    await expect(revoked.person('p-1')).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(signedOut).toBe(1);
    const forbidden = new LedgerClient(answering(403, { statusCode: 403, message: 'no' }), () => 'blt_x', () => void (signedOut += 1));
    await expect(forbidden.person('p-1')).rejects.toMatchObject({ kind: 'forbidden' });
    expect(signedOut).toBe(1);
  });

  it('looks a person up with the 身份证号 in the body of a POST, never in the URL', async () => {
    const calls: Array<{ input: string; init?: RequestInit }> = [];
    await expect(new LedgerClient(answering(200, { personId: 'p-7' }, calls)).lookupPerson('11010519491231002X')).resolves.toEqual({ personId: 'p-7' });
    expect(calls[0]).toMatchObject({ input: '/persons/lookup', init: { method: 'POST', body: JSON.stringify({ nationalId: '11010519491231002X' }) } });
  });
});
