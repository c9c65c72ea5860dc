import { HealthIndicatorService } from '@nestjs/terminus';
import { HealthIndicatorRegistry } from '../../src/api/health/health-indicator.registry';
import { createApp } from '../../src/api/app.factory';
import { ConfigService } from '@nestjs/config';
import { AppConfig, ConfigValidationError } from '../../src/config/app.config';
import type { AppConfigValues } from '../../src/api/config/app-config.module';
import { EVENT_STORE } from '../../src/api/infrastructure/tokens';
import type { EventStore } from '../../src/event-store/event-store.port';
import { startTestApp, TestApp } from '../support/app-harness';
import { holdSyncs } from '../support/held-syncs';

describe('service shell (e2e, embedded store)', () => {
  let subject: TestApp;

  beforeAll(async () => {
    subject = await startTestApp();
  });

  afterAll(async () => {
    await subject.close();
  });

  it('reports the event store up with its head position on GET /health', async () => {
    const store = subject.app.get<EventStore>(EVENT_STORE);
    const head = await store.headPosition();

    const response = await subject.http.get('/health').expect(200);

    expect(response.body.status).toBe('ok');
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['x-request-id']).toEqual(expect.any(String));
    expect(response.body.details.eventStore).toEqual({
      status: 'up',
      backend: 'sqlite',
      headPosition: head.toString(),
    });
  });

  it('reports the head position advancing after an append', async () => {
    const store = subject.app.get<EventStore>(EVENT_STORE);
    await store.appendToStream('health-probe-1', [probeEvent()], 'noStream');
    const head = await store.headPosition();

    const response = await subject.http.get('/health').expect(200);

    expect(head).toBeGreaterThan(0n);
    expect(response.body.details.eventStore.headPosition).toBe(head.toString());
  });

  it('reports the store down, with why, once a sync of its log has failed', async () => {
    const failing = await startTestApp();
    const syncs = holdSyncs();
    try {
      const store = failing.app.get<EventStore>(EVENT_STORE);
      const append = store.appendToStream('health-probe-sync', [probeEvent()], 'noStream');
      while (syncs.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      syncs.fail(0, 'EIO');
      await expect(append).rejects.toThrow(/could not be synced/);

      const response = await failing.http.get('/health').expect(503);
      expect(response.body.details.eventStore).toMatchObject({ status: 'down', backend: 'sqlite', message: expect.stringMatching(/EIO.*restart/) });
    } finally {
      syncs.restore();
      await failing.close();
    }
  });

  it('serves the OpenAPI document with the service title and the error schema', async () => {
    const response = await subject.http.get('/docs-json').expect(200);

    expect(response.body.info.title).toBe('benefits-ledger');
    expect(response.body.components.schemas.ErrorResponse.required).toEqual(
      expect.arrayContaining(['statusCode', 'error', 'message']),
    );
    expect(Object.keys(response.body.paths)).toContain('/health');
  });

  it('serves the Swagger UI at /docs', async () => {
    const response = await subject.http.get('/docs').redirects(1).expect(200);

    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.text).toContain('swagger-ui');
  });

  it('exposes the validated settings through AppConfig and ConfigService alike', () => {
    const typed = subject.app.get(AppConfig);
    const service = subject.app.get<ConfigService<AppConfigValues, true>>(ConfigService);

    expect(typed.dataDir).toBe(subject.dataDir);
    expect(service.get('dataDir', { infer: true })).toBe(subject.dataDir);
    expect(service.get('logLevel', { infer: true })).toBe('silent');
  });

  it('answers an unknown route with a 404 error body', async () => {
    const response = await subject.http.get('/no-such-route').expect(404).expect('content-type', /json/);

    expect(response.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /no-such-route' });
  });

  it('answers malformed JSON with a 400 error body', async () => {
    const response = await subject.http
      .post('/no-such-route')
      .set('content-type', 'application/json')
      .send('{"claimId": ')
      .expect(400);

    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(typeof response.body.message).toBe('string');
  });
});

describe('service shell (e2e, health when something is down)', () => {
  let subject: TestApp;

  beforeEach(async () => {
    subject = await startTestApp();
  });

  afterEach(async () => {
    await subject.close();
  });

  it('answers 503 with the failing check named when the store does not answer', async () => {
    await subject.app.get<EventStore>(EVENT_STORE).close();

    const response = await subject.http.get('/health').expect(503);

    expect(response.body.status).toBe('error');
    expect(response.body.error.eventStore).toMatchObject({ status: 'down', backend: 'sqlite', message: expect.stringMatching(/closed/) });
  });

  it('runs checks other modules register, and reports them in the same body', async () => {
    const registry = subject.app.get(HealthIndicatorRegistry);
    const indicators = subject.app.get(HealthIndicatorService);
    registry.register({ key: 'e2eProbe', check: async () => indicators.check('e2eProbe').down({ lag: '12' }) });

    const response = await subject.http.get('/health').expect(503);

    expect(response.body.error).toEqual({ e2eProbe: { status: 'down', lag: '12' } });
    expect(response.body.info.eventStore.status).toBe('up');
  });

  it('refuses a second indicator under a key already taken', () => {
    const registry = subject.app.get(HealthIndicatorRegistry);

    expect(() => registry.register({ key: 'eventStore', check: async () => ({}) })).toThrow(/already registered/);
  });
});

describe('service shell (e2e, shutdown)', () => {
  it('closes the event store when the application closes', async () => {
    const subject = await startTestApp();
    const store = subject.app.get<EventStore>(EVENT_STORE);
    await expect(store.headPosition()).resolves.toEqual(expect.any(BigInt));

    await subject.close();

    await expect(store.headPosition()).rejects.toThrow(/closed/);
  });
});

describe('service shell (e2e, configuration)', () => {
  it.each([
    ['PORT', 'abc', /PORT must be an integer from 1 to 65535 \(got "abc"\)/],
    ['PORT', '70000', /PORT must be an integer from 1 to 65535/],
    ['EVENTSTORE_URL', 'http://x', /EVENTSTORE_URL must start with esdb:\/\/, esdb\+discover:\/\/, kurrentdb:\/\//],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
    ['POLICY_DIR', '/definitely/not/a/directory', /POLICY_DIR must name an existing directory/],
    ['PROJECTIONS_THREAD', 'gpu', /PROJECTIONS_THREAD must be one of worker, main \(got "gpu"\)/],
  ])('refuses to start with %s=%s, naming the variable and the rule', async (variable, value, expected) => {
    const start = createApp({ env: { NODE_ENV: 'test', [variable]: value } });

    await expect(start).rejects.toThrow(ConfigValidationError);
    await expect(start).rejects.toThrow(expected);
  });

  it('lists every invalid setting at once', async () => {
    const start = createApp({ env: { NODE_ENV: 'test', PORT: 'abc', EVENTSTORE_URL: 'http://x' } });

    await expect(start).rejects.toThrow(/PORT[\s\S]*EVENTSTORE_URL/);
  });
});

const probeEvent = () => ({
  type: 'HealthProbed',
  data: { note: 'written by the health e2e test' },
  metadata: {
    eventId: '6f1c2b1e-8d7a-4c52-9a43-0f2b6c1d9e10',
    schemaVersion: 1,
    correlationId: 'health-e2e',
    causationId: 'health-e2e',
    actor: 'test',
    recordedAt: '2024-01-01T00:00:00.000Z',
  },
});
