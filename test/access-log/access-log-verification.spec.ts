import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ACCESS_LOG_FILE, SqliteAccessLog } from '../../src/access-log/sqlite-access-log';
import { Authenticator } from '../../src/api/auth/authenticator';
import { createApp } from '../../src/api/app.factory';
import { cliVerify } from '../integrity/support/signed-store';
import { forgeAccessLog } from './support/forge-access-log';

/**
 * The access log's hash chain is part of the verification report (`benefits-ledger verify` and
 * GET /audit/verify), not only of its own tests: a forger who drops the append-only triggers and
 * edits or deletes an entry in the middle of the log is reported, with the entry where the chain breaks.
 */

const directories: string[] = [];
afterAll(() => {
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A data directory whose access log holds five reads. */
const withLog = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'benefits-ledger-access-verify-'));
  directories.push(dir);
  const log = new SqliteAccessLog(join(dir, ACCESS_LOG_FILE));
  for (let index = 1; index <= 5; index += 1) {
    log.record({ at: `2024-03-0${index}T00:00:00.000Z`, principal: 'token:t1#registrar', personId: `p-${index}`, what: 'person', route: 'GET /persons/:personId' });
  }
  log.close();
  return dir;
};

describe('the access log in the verification report', () => {
  it('reports an intact log with the number of entries walked', async () => {
    // Given an untouched access log
    const dir = withLog();
    // When the store is verified
    const { code, text } = await cliVerify(dir);
    // Then it passes, and says the log was walked
    expect(code).toBe(0);
    expect(text).toMatch(/^OK: .*; access log 5 entries/);
  });

  it('finds an entry edited in the middle of the log', async () => {
    // Given a forger who changed which person entry 3 names
    const dir = withLog();
    forgeAccessLog(dir, "UPDATE access_log SET person_id = 'p-9' WHERE sequence = 3");
    // When the store is verified
    const { code, text } = await cliVerify(dir);
    // Then verify fails at entry 3
    expect(code).toBe(1);
    expect(text).toContain('access-log-broken: access log entry 3 does not match its hash');
  });

  it('finds an entry deleted from the middle of the log', async () => {
    // Given a forger who removed entry 2
    const dir = withLog();
    forgeAccessLog(dir, 'DELETE FROM access_log WHERE sequence = 2');
    // When the store is verified
    const { code, text } = await cliVerify(dir);
    // Then the entry after it no longer follows its predecessor
    expect(code).toBe(1);
    expect(text).toContain('access-log-broken: access log entry 3');
  });

  it('reports a middle entry deleted under a running service at GET /audit/verify', async () => {
    // Given a running service whose log holds three reads of a person
    const dir = mkdtempSync(join(tmpdir(), 'benefits-ledger-access-verify-'));
    directories.push(dir);
    const app = await createApp({ dataDir: dir, port: 0, env: { NODE_ENV: 'test' } });
    await app.listen(0, '127.0.0.1');
    try {
      const { token } = app.get(Authenticator).tokens.create({ name: 'access-verify', roles: ['operator', 'registrar'], regions: null });
      const http = request.agent(app.getHttpServer()).set('Authorization', `Bearer ${token}`);
      await http.post('/persons').send({ personId: 'p-av', region: 'heze', scheme: 'RESIDENT' }).expect(201);
      for (let read = 0; read < 3; read += 1) await http.get('/persons/p-av').expect(200);
      expect((await http.get('/audit/verify').expect(200)).body).toMatchObject({ ok: true, accessLogEntriesChecked: 3 });
      // When a forger deletes the second entry behind the service's back
      forgeAccessLog(dir, 'DELETE FROM access_log WHERE sequence = 2');
      // Then the operator's verification names the break
      const verified = await http.get('/audit/verify').expect(200);
      expect(verified.body.ok).toBe(false);
      expect(verified.body.findings).toContainEqual(expect.objectContaining({ problem: 'access-log-broken', detail: expect.stringContaining('access log entry 3') }));
    } finally {
      await app.close();
    }
  }, 60_000);
});
