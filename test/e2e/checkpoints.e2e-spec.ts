import { Authenticator } from '../../src/api/auth/authenticator';
import { createPublicKey, verify } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/api/app.factory';
import { signedText } from '../../src/integrity/checkpoint';

/**
 * Signed checkpoints as a consumer sees them: published at GET /audit/checkpoints and on the feed,
 * verifiable with nothing but the public key, and the anchor of the next start's incremental
 * verification.
 */
describe('signed checkpoints (e2e, embedded store)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'benefits-ledger-checkpoints-'));
  const env = { NODE_ENV: 'test', CHECKPOINT_EVERY_EVENTS: '2', CHECKPOINT_INTERVAL_SECONDS: '3600' };

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const start = async () => {
    const app = await createApp({ dataDir, port: 0, env });
    await app.listen(0, '127.0.0.1');
    // Every route but liveness needs a credential: a service token of every role this test uses.
    const token = app.get(Authenticator).tokens.create({ name: `checkpoints-${Date.now()}`, roles: ['registrar', 'inspector', 'operator'], regions: null }).token;
    return { app, http: request.agent(app.getHttpServer()).set('Authorization', `Bearer ${token}`) };
  };

  const checkpointsOf = async (http: ReturnType<typeof request.agent>) => (await http.get('/audit/checkpoints').expect(200)).body as {
    keyId: string;
    checkpoints: Array<{ position: string; globalHash: string; signedAt: string; keyId: string; signature: string; eventPosition: string }>;
  };

  it('signs every N events, publishes the checkpoints and the key, and verifies incrementally from them on the next start', async () => {
    const first = await start();
    try {
      expect(existsSync(join(dataDir, 'checkpoint-signing-key.pem'))).toBe(true);
      await first.http.post('/persons').send({ personId: 'p-cp-1', region: 'heze', scheme: 'RESIDENT' }).expect(201);
      await first.http.post('/persons').send({ personId: 'p-cp-2', region: 'heze', scheme: 'RESIDENT' }).expect(201);
      // The signer follows the store's subscription, which is told of an append once it is on disk,
      // so its last checkpoints may be signed just after the requests are answered: wait until the
      // list has stopped growing before comparing it with the feed.
      let page = await checkpointsOf(first.http);
      for (let attempt = 0, stable = 0; attempt < 50 && stable < 3; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const next = await checkpointsOf(first.http);
        stable = next.checkpoints.length > 0 && next.checkpoints.length === page.checkpoints.length ? stable + 1 : 0;
        page = next;
      }
      expect(page.checkpoints.length).toBeGreaterThan(0);

      // A witness needs only the public key and the documented signed text.
      const pem = (await first.http.get('/audit/public-key').expect(200)).text;
      const publicKey = createPublicKey(pem);
      for (const checkpoint of page.checkpoints) {
        expect(checkpoint.keyId).toBe(page.keyId);
        expect(verify(null, Buffer.from(signedText(checkpoint)), publicKey, Buffer.from(checkpoint.signature, 'base64'))).toBe(true);
      }
      const feed = (await first.http.get('/feed?limit=1000').expect(200)).body as { events: Array<{ streamName: string; type: string; position: string }> };
      const onFeed = feed.events.filter((event) => event.streamName === 'audit-checkpoints');
      expect(onFeed.map((event) => event.type)).toEqual(page.checkpoints.map(() => 'CheckpointSigned'));
      expect(onFeed.map((event) => event.position)).toEqual(page.checkpoints.map((checkpoint) => checkpoint.eventPosition));
      const health = await first.http.get('/health').expect(200);
      expect(health.body.info.integrity).toMatchObject({ status: 'up', verification: 'verified' });
    } finally {
      await first.app.close();
    }

    const second = await start();
    try {
      await second.http.post('/persons').send({ personId: 'p-cp-3', region: 'heze', scheme: 'RESIDENT' }).expect(201);
      const verified = await second.http.get('/audit/verify').expect(200);
      expect(verified.body).toMatchObject({ ok: true, findings: [], breaks: [] });
      expect(verified.body.checkpointsChecked).toBeGreaterThan(1);
    } finally {
      await second.app.close();
    }
  });
});
