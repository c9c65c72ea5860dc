import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { entryHash } from '../../src/access-log/access-chain';
import { ACCESS_LOG_FILE } from '../../src/access-log/sqlite-access-log';
import { Authenticator } from '../../src/api/auth/authenticator';
import { createApp } from '../../src/api/app.factory';
import { CHECKPOINT_SIGNER } from '../../src/api/integrity/integrity.tokens';
import { checkpointSignatureValid, parseCheckpoint, signCheckpoint, type Checkpoint } from '../../src/integrity/checkpoint';
import { CheckpointSigner } from '../../src/integrity/checkpoint-signer';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { anEvent } from '../contract/event-store.contract';
import { temporaryDirectories } from '../support/temporary-directories';
import { loadSigningKey } from '../../src/integrity/signing-key';
import { forgeAccessLog } from '../access-log/support/forge-access-log';
import { cliVerify } from './support/signed-store';

/**
 * The access log's head in the signed checkpoints: a forger with the data directory but not the
 * signing key who removes the last entries of the access log (the reads they want forgotten) leaves
 * a valid, shorter chain, which only a signature over the log's head can show to be short.
 */

const directories = temporaryDirectories('benefits-ledger-access-anchor-');
afterAll(() => directories.removeAll());
const freshDir = directories.newDir;

type Http = ReturnType<typeof request.agent>;

/** A service on `dir` with a token of every role the specs use; `run` gets it, and the app is closed after. */
const withService = async (dir: string, run: (http: Http, app: Awaited<ReturnType<typeof createApp>>) => Promise<void>): Promise<void> => {
  const app = await createApp({ dataDir: dir, port: 0, env: { NODE_ENV: 'test', CHECKPOINT_INTERVAL_SECONDS: '3600' } });
  await app.listen(0, '127.0.0.1');
  try {
    const { token } = app.get(Authenticator).tokens.create({ name: `anchor-${Date.now()}`, roles: ['operator', 'registrar'], regions: null });
    await run(request.agent(app.getHttpServer()).set('Authorization', `Bearer ${token}`), app);
  } finally {
    await app.close();
  }
};

describe('the access log head in the signed checkpoints', () => {
  it('finds the last entries of the access log deleted after a checkpoint vouched for them', async () => {
    // Given a service that registered a person, answered four reads of it, and signed a checkpoint on the way out
    const dir = freshDir();
    await withService(dir, async (http) => {
      await http.post('/persons').send({ personId: 'p-anchor', region: 'heze', scheme: 'RESIDENT' }).expect(201);
      for (let read = 0; read < 4; read += 1) await http.get('/persons/p-anchor').expect(200);
    });
    expect((await cliVerify(dir)).code).toBe(0);
    // When a forger deletes the last two entries, which leaves a valid chain of two
    forgeAccessLog(dir, 'DELETE FROM access_log WHERE sequence > 2');
    // Then verify names the truncation: the signed head says four entries
    const { code, text } = await cliVerify(dir);
    expect(code).toBe(1);
    expect(text).toContain('access-log-truncated');
    expect(text).toMatch(/vouches for 4 entries.*the log now ends at entry 2/);
  }, 60_000);

  it('finds a log rewritten up to the signed entry, and a log file deleted, against the signed head', async () => {
    // Given a service that signed a checkpoint over four reads
    const dir = freshDir();
    await withService(dir, async (http) => {
      await http.post('/persons').send({ personId: 'p-anchor', region: 'heze', scheme: 'RESIDENT' }).expect(201);
      for (let read = 0; read < 4; read += 1) await http.get('/persons/p-anchor').expect(200);
    });
    // When a forger replaces entries 3 and 4 with others of their own, the chain recomputed, so the
    // log is as long as before and its chain holds
    const row = { at: '2024-03-01T00:00:00.000Z', principal: 'token:nobody#registrar', personId: 'p-elsewhere', what: 'person', route: 'GET /persons/{personId}' };
    const insert = (sequence: number, prevHash: string, hash: string) =>
      `INSERT INTO access_log VALUES (${sequence}, '${row.at}', '${row.principal}', '${row.personId}', '${row.what}', '${row.route}', '${prevHash}', '${hash}')`;
    const db = new Database(join(dir, ACCESS_LOG_FILE), { readonly: true });
    const second = (db.prepare('SELECT hash FROM access_log WHERE sequence = 2').get() as { hash: string }).hash;
    db.close();
    const third = entryHash(second, row);
    forgeAccessLog(dir, `DELETE FROM access_log WHERE sequence > 2; ${insert(3, second, third)}; ${insert(4, third, entryHash(third, row))}`);
    // Then verify names the entry that no longer has the signed hash, and the chain itself holds
    const rewritten = await cliVerify(dir);
    expect(rewritten.code).toBe(1);
    expect(rewritten.text).toContain('access-log-broken: access log entry 4 no longer has the hash signed at');
    expect(rewritten.text).not.toContain('does not match its hash');
    // And when the forger deletes the whole file instead, verify says the log is gone
    rmSync(join(dir, ACCESS_LOG_FILE));
    rmSync(join(dir, `${ACCESS_LOG_FILE}-wal`), { force: true });
    rmSync(join(dir, `${ACCESS_LOG_FILE}-shm`), { force: true });
    const deleted = await cliVerify(dir);
    expect(deleted.code).toBe(1);
    expect(deleted.text).toMatch(/access-log-truncated: .*vouches for 4 entries of the access log, but the access log file is gone/);
  }, 60_000);

  it('signs a checkpoint when only reads happened, reports a removed tail at GET /audit/verify, and keeps accepting writes', async () => {
    const dir = freshDir();
    await withService(dir, async (http, app) => {
      // Given a person registered and a checkpoint signed over it
      const signer = app.get<CheckpointSigner>(CHECKPOINT_SIGNER);
      await http.post('/persons').send({ personId: 'p-anchor', region: 'heze', scheme: 'RESIDENT' }).expect(201);
      expect(await signer.caughtUp(1n)).toBe(true);
      expect(await signer.signNow()).toMatchObject({ accessLogSequence: '0' });
      // When three reads follow, which append no event, and the signer's next turn comes
      for (let read = 0; read < 3; read += 1) await http.get('/persons/p-anchor').expect(200);
      const signed = await signer.signNow();
      // Then it signs the access log's new head, although no event arrived
      expect(signed).toMatchObject({ accessLogSequence: '3' });
      // And when a forger deletes the last entry behind the service's back
      forgeAccessLog(dir, 'DELETE FROM access_log WHERE sequence = 3');
      // Then the operator's verification names the truncation
      const verified = await http.get('/audit/verify').expect(200);
      expect(verified.body.ok).toBe(false);
      expect(verified.body.findings).toContainEqual(expect.objectContaining({ problem: 'access-log-truncated', detail: expect.stringContaining('vouches for 3 entries') }));
      // And the event store, which is intact, still takes writes: the access log is another file
      await http.post('/persons').send({ personId: 'p-after', region: 'heze', scheme: 'RESIDENT' }).expect(201);
    });
  }, 60_000);

  it('keeps v1 checkpoints valid, and refuses a v2 checkpoint stripped of its access log head', () => {
    const key = loadSigningKey({ dataDir: freshDir() });
    // Given a checkpoint of the old format and one of the new
    const v1 = signCheckpoint(key, 12n, 'a'.repeat(64), new Date('2024-03-01T00:00:00Z'));
    const v2 = signCheckpoint(key, 12n, 'a'.repeat(64), new Date('2024-03-01T00:00:00Z'), { sequence: 4, hash: 'b'.repeat(64) });
    // Then both read back and verify, the old one vouching for nothing about the access log
    expect(parseCheckpoint(JSON.parse(JSON.stringify(v1)))).toEqual(v1);
    expect(v1).not.toHaveProperty('accessLogSequence');
    expect(checkpointSignatureValid(key, parseCheckpoint(JSON.parse(JSON.stringify(v2)))!)).toBe(true);
    // And a forger who removes the head (so the checkpoint would vouch for nothing) breaks the signature
    const { accessLogSequence: _sequence, accessLogHash: _hash, ...stripped } = v2;
    expect(checkpointSignatureValid(key, stripped as Checkpoint)).toBe(false);
    // And one who lowers the vouched count breaks it too; half a head is no format at all
    expect(checkpointSignatureValid(key, { ...v2, accessLogSequence: '2' })).toBe(false);
    expect(parseCheckpoint({ ...v2, accessLogHash: undefined })).toBeNull();
  });

  it('signs on its timer only when events arrived or the access log moved past what the newest checkpoint vouched for', async () => {
    // Given a signer restarted where the newest checkpoint vouched for three entries of the log
    const dir = freshDir();
    const store = new SqliteEventStore(dir);
    await store.appendToStream('person-a', [anEvent('Happened')], 'any');
    let head = { sequence: 3, hash: 'c'.repeat(64) };
    const signer = new CheckpointSigner({ store, key: loadSigningKey({ dataDir: dir }), schedule: { everyEvents: 1000, everySeconds: 3600 }, witnessFile: null, accessLogHead: () => head });
    const tail = await store.headPosition();
    signer.start({ position: tail, globalHash: (await store.globalChainPage(tail - 1n, 1))[0]!.storedGlobalHash!, accessLogSequence: 3 });
    try {
      // Then nothing new is signed at its next turn
      expect(await signer.signNow()).toBeNull();
      // And once a fourth read is durable, the next turn signs its head
      head = { sequence: 4, hash: 'd'.repeat(64) };
      expect(await signer.signNow()).toMatchObject({ accessLogSequence: '4', accessLogHash: 'd'.repeat(64) });
      expect(await signer.signNow()).toBeNull();
    } finally {
      await signer.stop();
      await store.close();
    }
  });
});
