import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACCESS_LOG_GROUP_ENTRIES_MAX, AccessLogNotDurable, SqliteAccessLog } from '../../src/access-log/sqlite-access-log';
import Fastify, { type FastifyInstance } from 'fastify';
import { recordPersonDataReads } from '../../src/api/access-log/access-log.hook';
import { ACCESS_LOGGED_CONFIG, type PersonSource } from '../../src/api/access-log/person-data-read.decorator';
import type { ReadModels } from '../../src/projections/read-models';
import { holdSyncs } from '../support/held-syncs';
import { nextTurn } from '../support/event-loop-turns';

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

    it('answers a group only once its write-ahead log is on disk, and fails it when the sync fails', async () => {
      const syncs = holdSyncs();
      try {
        let answered = false;
        const synced = log.recordDurably(entry('p-1')).then((recorded) => ((answered = true), recorded));
        await new Promise((resolve) => setImmediate(resolve));
        await new Promise((resolve) => setImmediate(resolve));
        // Committed (the chain has it) but not yet answered: the read waits for the disk.
        expect(log.query({}).map((access) => access.personId)).toEqual(['p-1']);
        expect(answered).toBe(false);
        syncs.calls[0]!.finish(null);
        await expect(synced).resolves.toMatchObject({ sequence: 1 });

        const failed = log.recordDurably(entry('p-2'));
        await new Promise((resolve) => setImmediate(resolve));
        syncs.fail(1, 'EIO');
        await expect(failed).rejects.toThrow(/EIO/);
      } finally {
        syncs.restore();
      }
    });

    it('refuses every entry after a failed sync, writing none, since a later sync cannot vouch for them', async () => {
      const syncs = holdSyncs();
      try {
        const failed = log.recordDurably(entry('p-1'));
        await nextTurn();
        syncs.fail(0, 'EIO');
        await expect(failed).rejects.toThrow(AccessLogNotDurable);
        const after = log.recordDurably(entry('p-2'));
        await expect(after).rejects.toThrow(/could not be synced to disk \(EIO: fdatasync failed\); restart the service/);
        expect(() => log.record(entry('p-3'))).toThrow(AccessLogNotDurable);
        expect(() => log.recordAll([entry('p-4')])).toThrow(AccessLogNotDurable);
        expect(log.query({}).map((access) => access.personId)).toEqual(['p-1']);
        expect(syncs.calls).toHaveLength(1);
      } finally {
        syncs.restore();
      }
    });

    it('gathers the entries that arrive while a group is being synced into the next group', async () => {
      const syncs = holdSyncs();
      try {
        const first = log.recordDurably(entry('p-1'));
        await nextTurn();
        const later = [log.recordDurably(entry('p-2'))];
        await nextTurn();
        later.push(log.recordDurably(entry('p-3')));
        await nextTurn();
        expect(log.stats()).toEqual({ commits: 1, entries: 1 });
        syncs.calls[0]!.finish(null);
        await first;
        // The next group is committed in the turn after the sync's answer.
        await nextTurn();
        await nextTurn();
        expect(log.stats()).toEqual({ commits: 2, entries: 3 });
        syncs.calls[1]!.finish(null);
        expect((await Promise.all(later)).map((access) => access.sequence)).toEqual([2, 3]);
        expect(log.verify()).toBeNull();
      } finally {
        syncs.restore();
      }
    });

    // A signed checkpoint carries the durable head: one that named a committed but unsynced entry
    // would vouch for an entry a crash can still take, and the log would then look truncated.
    it('reports as its durable head only entries whose sync has finished, and keeps it after a failed sync', async () => {
      const syncs = holdSyncs();
      try {
        // Given one entry made durable by a direct append
        const first = log.record(entry('p-1'));
        expect(log.durableHead()).toEqual({ sequence: 1, hash: first.hash });
        // When a group is committed but its sync is still on its way to the disk
        const second = log.recordDurably(entry('p-2'));
        await nextTurn();
        expect(log.query({}).map((access) => access.sequence)).toEqual([1, 2]);
        // Then the durable head is still the first entry, and moves once the sync has finished
        expect(log.durableHead()).toEqual({ sequence: 1, hash: first.hash });
        syncs.calls[0]!.finish(null);
        expect(log.durableHead()).toEqual({ sequence: 1, hash: first.hash });
        const recorded = await second;
        expect(log.durableHead()).toEqual({ sequence: 2, hash: recorded.hash });
        // And a group whose sync fails never becomes durable
        const third = log.recordDurably(entry('p-3'));
        await nextTurn();
        syncs.fail(1, 'EIO');
        await expect(third).rejects.toThrow(AccessLogNotDurable);
        expect(log.durableHead()).toEqual({ sequence: 2, hash: recorded.hash });
      } finally {
        syncs.restore();
      }
    });

    it('starts with the head the file holds, synced at opening', () => {
      // Given a log of two entries, reopened
      log.record(entry('p-1'));
      const last = log.record(entry('p-2'));
      log.close();
      log = new SqliteAccessLog(join(dir, 'access-log.sqlite'));
      // Then its durable head is the last entry, and an empty log's is sequence 0
      expect(log.durableHead()).toEqual({ sequence: 2, hash: last.hash });
      const empty = new SqliteAccessLog(':memory:');
      expect(empty.durableHead()).toEqual({ sequence: 0, hash: '0'.repeat(64) });
      empty.close();
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

  describe('recordPersonDataReads', () => {
    const declared = (what: string, person: PersonSource) => ({ config: { [ACCESS_LOGGED_CONFIG]: { what, person } } });
    /** Routes as the service declares them, on a bare Fastify; `X-Principal` stands in for the authentication guard. */
    const appWith = async (claimOwner: string | null = null): Promise<FastifyInstance> => {
      const app = Fastify();
      recordPersonDataReads(app, log, { claimReference: () => (claimOwner === null ? null : { personId: claimOwner }) } as unknown as ReadModels);
      app.addHook('onRequest', async (request) => {
        const id = request.headers['x-principal'];
        if (typeof id === 'string') Object.assign(request, { principal: { id, roles: ['inspector'], regions: null, source: 'oidc' } });
      });
      app.get('/persons/:personId/timeline', declared('timeline', { param: 'personId' }), async (request) => ({ personId: (request.params as { personId: string }).personId }));
      app.get('/claims/:claimId', declared('claim', { answerField: 'personId' }), async () => ({ personId: 'p-2' }));
      app.get('/claims/:claimId/explanation', declared('claim-explanation', { claimParam: 'claimId' }), async () => 'an answer that is not an object');
      app.get('/gone/:personId', declared('timeline', { param: 'personId' }), async (_request, reply) => reply.code(404).send({ statusCode: 404 }));
      app.get('/open/:personId', async () => ({ open: true }));
      await app.ready();
      return app;
    };
    const recorded = () => log.query({ limit: 100 }).map(({ principal, personId, what, route }) => [principal, personId, what, route]);

    it('records the principal, the person and the declared route of each successful read, whatever the answer', async () => {
      const app = await appWith('p-3');
      await app.inject({ url: '/persons/p-1/timeline', headers: { 'x-principal': 'oidc:alice' } });
      await app.inject({ url: '/persons/p-1/timeline?asAt=2024-01-01' });
      await app.inject({ url: '/claims/c-1' });
      await app.inject({ url: '/claims/c-9/explanation' });
      await app.inject({ method: 'HEAD', url: '/persons/p-4/timeline' });
      await app.close();
      expect(recorded()).toEqual([
        ['oidc:alice', 'p-1', 'timeline', 'GET /persons/{personId}/timeline'],
        ['anonymous', 'p-1', 'timeline', 'GET /persons/{personId}/timeline'],
        ['anonymous', 'p-2', 'claim', 'GET /claims/{claimId}'],
        ['anonymous', 'p-3', 'claim-explanation', 'GET /claims/{claimId}/explanation'],
        ['anonymous', 'p-4', 'timeline', 'HEAD /persons/{personId}/timeline'],
      ]);
    });

    it('records neither a refused read nor a route that is not declared', async () => {
      const app = await appWith();
      expect((await app.inject({ url: '/gone/p-1' })).statusCode).toBe(404);
      expect((await app.inject({ url: '/open/p-1' })).statusCode).toBe(200);
      await app.close();
      expect(recorded()).toEqual([]);
    });

    it('lets no answer out before its entry is committed, while concurrent reads share commits', async () => {
      const app = await appWith();
      // A second connection sees only committed rows: what a crash right after the answer would leave.
      const observer = new Database(join(dir, 'access-log.sqlite'), { readonly: true });
      const committedFor = observer.prepare('SELECT count(*) AS n FROM access_log WHERE person_id = ?');
      const personIds = Array.from({ length: 24 }, (_, index) => `p-${index}`);
      const committedAtAnswer = await Promise.all(
        personIds.map((personId) => app.inject({ url: `/persons/${personId}/timeline` }).then(() => (committedFor.get(personId) as { n: number }).n)),
      );
      observer.close();
      await app.close();
      expect(committedAtAnswer).toEqual(personIds.map(() => 1));
      expect(log.stats().commits).toBeLessThan(personIds.length);
      expect(new Set(log.query({ limit: 100 }).map((access) => access.personId))).toEqual(new Set(personIds));
      expect(log.verify()).toBeNull();
    });

    it('fails the read, and sends none of its answer, when its entry cannot be written', async () => {
      const app = await appWith();
      log.close();
      const read = await app.inject({ url: '/persons/p-secret/timeline' });
      await app.close();
      expect(read.statusCode).toBe(500);
      expect(read.body).not.toContain('p-secret');
      log = new SqliteAccessLog(join(dir, 'access-log.sqlite'));
    });
  });
});
