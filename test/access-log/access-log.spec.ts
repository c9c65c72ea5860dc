import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, of } from 'rxjs';
import { ACCESS_LOG_GROUP_ENTRIES_MAX, SqliteAccessLog } from '../../src/access-log/sqlite-access-log';
import { AccessLogInterceptor } from '../../src/api/access-log/access-log.interceptor';
import { PersonDataRead } from '../../src/api/access-log/person-data-read.decorator';
import type { ReadModels } from '../../src/projections/read-models';

const entry = (personId: string, what = 'timeline') => ({ principal: 'token:t1', personId, what, route: 'GET /persons/{personId}/timeline', at: '2024-03-01T08:00:00.000Z' });

describe('access log', () => {
  let dir: string;
  let log: SqliteAccessLog;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'access-log-'));
    log = new SqliteAccessLog(join(dir, 'access-log.sqlite'));
  });
  afterEach(() => {
    log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends entries in order, in a 0600 file, queryable by person and by principal, in pages', () => {
    log.record(entry('p-1'));
    log.record(entry('p-2'));
    log.record({ ...entry('p-1', 'usage'), principal: 'token:t2' });
    expect(statSync(join(dir, 'access-log.sqlite')).mode & 0o777).toBe(0o600);
    expect(log.query({ personId: 'p-1' }).map((recorded) => [recorded.sequence, recorded.what])).toEqual([[1, 'timeline'], [3, 'usage']]);
    expect(log.query({ principal: 'token:t2' }).map((recorded) => recorded.sequence)).toEqual([3]);
    expect(log.query({ afterSequence: 1, limit: 1 }).map((recorded) => recorded.sequence)).toEqual([2]);
    expect(log.verify()).toBeNull();
  });

  it('is hash-chained: an entry edited behind the triggers\' back is found by verify', () => {
    log.record(entry('p-1'));
    log.record(entry('p-2'));
    log.close();
    const db = new Database(join(dir, 'access-log.sqlite'));
    expect(() => db.prepare("UPDATE access_log SET person_id = 'p-9' WHERE sequence = 1").run()).toThrow(/append-only/);
    db.exec('DROP TRIGGER access_log_no_update');
    db.prepare("UPDATE access_log SET person_id = 'p-9' WHERE sequence = 1").run();
    db.close();
    log = new SqliteAccessLog(join(dir, 'access-log.sqlite'));
    expect(log.verify()).toBe(1);
  });

  describe('group commit', () => {
    it('commits the entries queued in one turn of the event loop together, each once, chained in the order queued', async () => {
      const personIds = Array.from({ length: 40 }, (_, index) => `p-${index}`);
      const recorded = await Promise.all(personIds.map((personId) => log.recordDurably(entry(personId))));
      expect(recorded.map((access) => [access.sequence, access.personId])).toEqual(personIds.map((personId, index) => [index + 1, personId]));
      expect(log.stats()).toEqual({ commits: 1, entries: 40 });
      expect(log.query({ limit: 100 }).map((access) => access.personId)).toEqual(personIds);
      expect(log.verify()).toBeNull();
    });

    it('keeps one chain across grouped and single appends', async () => {
      log.record(entry('p-1'));
      await Promise.all([log.recordDurably(entry('p-2')), log.recordDurably(entry('p-3'))]);
      log.record(entry('p-4'));
      await log.recordDurably(entry('p-5'));
      expect(log.query({}).map((access) => access.personId)).toEqual(['p-1', 'p-2', 'p-3', 'p-4', 'p-5']);
      expect(log.stats()).toEqual({ commits: 4, entries: 5 });
      expect(log.verify()).toBeNull();
    });

    it('rejects every entry of a group whose commit fails, and writes none of it', async () => {
      const db = new Database(join(dir, 'access-log.sqlite'));
      // Another connection holds the write lock: the group's immediate transaction cannot begin.
      db.exec('PRAGMA busy_timeout = 0; BEGIN IMMEDIATE');
      const blocked = new SqliteAccessLog(join(dir, 'access-log.sqlite'));
      // Fail at once rather than after the log's 5 s busy timeout (a private field, for this test only).
      blocked['db'].pragma('busy_timeout = 0');
      const outcomes = await Promise.allSettled([blocked.recordDurably(entry('p-1')), blocked.recordDurably(entry('p-2'))]);
      db.exec('ROLLBACK');
      db.close();
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
      expect(blocked.query({})).toEqual([]);
      blocked.close();
    });

    it('records a list at once in commits of at most the group bound, chained in order', () => {
      const personIds = Array.from({ length: ACCESS_LOG_GROUP_ENTRIES_MAX + 3 }, (_, index) => `p-${index}`);
      const recorded = log.recordAll(personIds.map((personId) => entry(personId)));
      expect(recorded.map((access) => access.sequence)).toEqual(personIds.map((_, index) => index + 1));
      expect(log.stats()).toEqual({ commits: 2, entries: personIds.length });
      expect(log.query({ limit: 1000 }).map((access) => access.personId)).toEqual(personIds);
      expect(log.verify()).toBeNull();
    });

    it('commits what is still queued when it is closed', async () => {
      const pending = log.recordDurably(entry('p-1'));
      log.close();
      await expect(pending).resolves.toMatchObject({ sequence: 1, personId: 'p-1' });
      log = new SqliteAccessLog(join(dir, 'access-log.sqlite'));
      expect(log.query({}).map((access) => access.personId)).toEqual(['p-1']);
    });
  });

  describe('AccessLogInterceptor', () => {
    class Routes {
      @PersonDataRead('timeline')
      timeline(): void {}

      @PersonDataRead('claim', { answerField: 'personId' })
      claim(): void {}
    }
    const contextFor = (handler: () => void, request: object): ExecutionContext =>
      ({ getType: () => 'http', getHandler: () => handler, switchToHttp: () => ({ getRequest: () => request }) }) as unknown as ExecutionContext;
    const answering = (answer: unknown): CallHandler => ({ handle: () => of(answer) });

    it('records the authenticated principal and the declared route, or anonymous when none', async () => {
      const interceptor = new AccessLogInterceptor(new Reflector(), log, { claim: () => null } as unknown as ReadModels);
      const routeOptions = { url: '/persons/:personId/timeline' };
      await lastValueFrom(interceptor.intercept(contextFor(Routes.prototype.timeline, { method: 'GET', routeOptions, params: { personId: 'p-1' }, principal: { id: 'oidc:alice', roles: ['inspector'], regions: null, source: 'oidc' } }), answering({})));
      await lastValueFrom(interceptor.intercept(contextFor(Routes.prototype.timeline, { method: 'GET', routeOptions, params: { personId: 'p-1' } }), answering({})));
      await lastValueFrom(interceptor.intercept(contextFor(Routes.prototype.claim, { method: 'GET', routeOptions: { url: '/claims/:claimId' }, params: { claimId: 'c-1' } }), answering({ personId: 'p-2' })));
      expect(log.query({}).map(({ principal, personId, what, route: declared }) => [principal, personId, what, declared])).toEqual([
        ['oidc:alice', 'p-1', 'timeline', 'GET /persons/{personId}/timeline'],
        ['anonymous', 'p-1', 'timeline', 'GET /persons/{personId}/timeline'],
        ['anonymous', 'p-2', 'claim', 'GET /claims/{claimId}'],
      ]);
    });

    it('lets no answer out before its entry is committed, while concurrent reads share commits', async () => {
      const interceptor = new AccessLogInterceptor(new Reflector(), log, { claim: () => null } as unknown as ReadModels);
      // A second connection sees only committed rows: what a crash right after the answer would leave.
      const observer = new Database(join(dir, 'access-log.sqlite'), { readonly: true });
      const committedFor = observer.prepare('SELECT count(*) AS n FROM access_log WHERE person_id = ?');
      const personIds = Array.from({ length: 24 }, (_, index) => `p-${index}`);
      const committedAtAnswer = await Promise.all(
        personIds.map((personId) =>
          lastValueFrom(
            interceptor.intercept(contextFor(Routes.prototype.timeline, { method: 'GET', routeOptions: { url: '/persons/:personId/timeline' }, params: { personId } }), answering({ personId })),
          ).then(() => (committedFor.get(personId) as { n: number }).n),
        ),
      );
      observer.close();
      expect(committedAtAnswer).toEqual(personIds.map(() => 1));
      expect(log.stats().commits).toBeLessThan(personIds.length);
      expect(log.query({ limit: 100 }).map((access) => access.personId)).toEqual(personIds);
      expect(log.verify()).toBeNull();
    });

    it('fails the read when its entry cannot be written', async () => {
      const interceptor = new AccessLogInterceptor(new Reflector(), log, { claim: () => null } as unknown as ReadModels);
      log.close();
      const read = interceptor.intercept(contextFor(Routes.prototype.timeline, { method: 'GET', routeOptions: { url: '/persons/:personId/timeline' }, params: { personId: 'p-1' } }), answering({}));
      await expect(lastValueFrom(read)).rejects.toThrow(/not open/);
      log = new SqliteAccessLog(join(dir, 'access-log.sqlite'));
    });
  });
});
