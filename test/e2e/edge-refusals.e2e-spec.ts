import { startTestApp, type TestApp } from '../support/app-harness';

/**
 * Refusals answered at the edge, before any controller: each is a client's mistake, so each is a
 * 4xx with the service's usual headers, never a 500 or an answer without them.
 */
describe('refusals at the edge (e2e)', () => {
  let subject: TestApp;
  beforeAll(async () => {
    subject = await startTestApp({ env: { FAILED_AUTH_PER_MINUTE: '10' } });
  });
  afterAll(async () => {
    await subject.close();
  });

  // An escaped "../" reaches the static file handler decoded; it must be a plain 404, not a 500 with a stack trace.
  it.each(['/console/assets/..%2f..%2f..%2fpackage.json', '/console/assets/%2e%2e%2f%2e%2e%2fmain.js', '/console/..%2fpackage.json'])('answers %s with 404', async (path) => {
    const response = await subject.anonymous.get(path).expect(404);
    expect(JSON.stringify(response.body)).not.toContain('"version"');
  });

  // docs/security.md: the security headers and the request id are on every answer, the router's own 400s included.
  it.each(['/console/persons/%E0%A4%A', '/persons/%ZZ'])('answers %s with 400 FST_ERR_BAD_URL carrying the security headers', async (path) => {
    const response = await subject.anonymous.get(path).expect(400);
    expect(response.body).toMatchObject({ code: 'FST_ERR_BAD_URL' });
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'content-security-policy': expect.stringContaining("default-src 'self'"),
      'x-request-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  // FAILED_AUTH_PER_MINUTE=10: the eleventh bad credential from one address is 429, while a valid token from the same address is served.
  it('answers 429 with Retry-After once an address has failed authentication too often, and keeps serving valid tokens', async () => {
    const bogus = () => subject.anonymous.get('/persons/x').set('Authorization', 'Bearer not-a-token');
    for (let attempt = 0; attempt < 10; attempt++) await bogus().expect(401);
    const refused = await bogus().expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toMatchObject({ statusCode: 429 });
    await subject.anonymous.get('/persons/x').expect(429);
    await subject.as('inspector').get('/policies?region=heze').expect(200);
  });
});
