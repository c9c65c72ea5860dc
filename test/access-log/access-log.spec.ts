import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, of } from 'rxjs';
import { SqliteAccessLog } from '../../src/access-log/sqlite-access-log';
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
      const route = { path: '/persons/:personId/timeline' };
      await lastValueFrom(interceptor.intercept(contextFor(Routes.prototype.timeline, { method: 'GET', route, params: { personId: 'p-1' }, principal: { id: 'oidc:alice', roles: ['inspector'], regions: null, source: 'oidc' } }), answering({})));
      await lastValueFrom(interceptor.intercept(contextFor(Routes.prototype.timeline, { method: 'GET', route, params: { personId: 'p-1' } }), answering({})));
      await lastValueFrom(interceptor.intercept(contextFor(Routes.prototype.claim, { method: 'GET', route: { path: '/claims/:claimId' }, params: { claimId: 'c-1' } }), answering({ personId: 'p-2' })));
      expect(log.query({}).map(({ principal, personId, what, route: declared }) => [principal, personId, what, declared])).toEqual([
        ['oidc:alice', 'p-1', 'timeline', 'GET /persons/{personId}/timeline'],
        ['anonymous', 'p-1', 'timeline', 'GET /persons/{personId}/timeline'],
        ['anonymous', 'p-2', 'claim', 'GET /claims/{claimId}'],
      ]);
    });
  });
});
