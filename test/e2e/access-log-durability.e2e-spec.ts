import { holdSyncs } from '../support/held-syncs';
import { startTestApp, type TestApp } from '../support/app-harness';

/**
 * A read of personal data is answered only once its access entry is on disk. When a sync of the
 * access log fails, the log's tail is unknown, so the service refuses that read and every one after
 * it with a 503 that says what to do, rather than answer reads a crash could leave unrecorded.
 */
describe('access log durability (e2e, embedded store)', () => {
  let subject: TestApp;

  beforeAll(async () => {
    subject = await startTestApp();
    await subject.http.post('/persons').send({ personId: 'p-1', region: 'heze', scheme: 'RESIDENT' }).expect(201);
  });

  afterAll(async () => {
    await subject.close();
  });

  it('reports the access log up in /health while it records', async () => {
    const health = await subject.as('operator').get('/health').expect(200);
    expect(health.body.info.accessLog).toEqual({ status: 'up' });
  });

  it('refuses the read whose entry could not be synced, and every read after it, with 503 ACCESS_LOG_NOT_DURABLE', async () => {
    // Given the access log's next sync fails (the disk answers EIO)
    const syncs = holdSyncs();
    let failed: Awaited<ReturnType<TestApp['http']['get']>>;
    try {
      const read = subject.http.get('/persons/p-1/timeline').then((response) => response);
      for (let turn = 0; turn < 500 && syncs.calls.length === 0; turn += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      syncs.fail(0, 'EIO');
      failed = await read;
    } finally {
      syncs.restore();
    }
    // Then that read is refused, and so is the next one, although the disk would now sync
    const next = await subject.http.get('/persons/p-1/timeline');
    for (const response of [failed, next]) {
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ code: 'ACCESS_LOG_NOT_DURABLE', message: expect.stringMatching(/access log could not be synced.*EIO.*restart the service/) });
      expect(response.text).not.toContain('"entries"');
    }
    // And /health says why, while a write, which the access log does not record, is still accepted
    const health = await subject.as('operator').get('/health').expect(503);
    expect(health.body.error.accessLog).toMatchObject({ status: 'down', message: expect.stringContaining('restart the service') });
    await subject.http.post('/persons').send({ personId: 'p-2', region: 'heze', scheme: 'RESIDENT' }).expect(201);
  });
});
