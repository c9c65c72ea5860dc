import { Logger } from '@nestjs/common';
import BetterSqlite3 from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadModelVerification, type ReadModelChecker } from '../../src/api/integrity/read-model-verification';
import { AppConfig, DEFAULT_INTEGRITY_SETTINGS } from '../../src/config/app.config';
import { activeTable } from '../../src/projections/projection-builds';
import { READ_DATABASE_FILE } from '../../src/projections/read-database';
import { CLI_CHECK_SCRATCH_PREFIX, SCHEDULED_CHECK_SCRATCH_PREFIX, type ReadModelCheck } from '../../src/projections/read-model-check';
import { startTestApp, type TestApp } from '../support/app-harness';

/**
 * The service checks its read models against a rebuild from the events on a schedule of its own
 * (READ_MODELS_VERIFY_EVERY_HOURS, off by default). A difference is reported at /health and in the
 * metrics, and every read carries a warning until a later check passes; writes go on.
 */

const HOUR_MS = 3_600_000;

const checked = (differing: number): ReadModelCheck => ({
  ok: differing === 0,
  tables: [
    { projection: 'person-year-usage', table: 'history', position: '9', onlyLive: differing, onlyRebuilt: differing, keys: differing > 0 ? ['p-1/2023'] : [] },
    { projection: 'identity-timeline', table: 'entries', position: '9', onlyLive: 0, onlyRebuilt: 0, keys: [] },
  ],
  skipped: [],
});

const given = (answers: readonly number[], settings: Partial<typeof DEFAULT_INTEGRITY_SETTINGS> = {}, dataDir = '/nowhere') => {
  let runs = 0;
  const checker = {
    check: jest.fn(async () => checked(answers[Math.min(runs++, answers.length - 1)]!)),
    cancel: jest.fn(async (): Promise<void> => undefined),
  } satisfies ReadModelChecker;
  const config = Object.assign(Object.create(AppConfig.prototype) as AppConfig, { dataDir, integrity: { ...DEFAULT_INTEGRITY_SETTINGS, ...settings } });
  return { checker, service: new ReadModelVerification(config, checker) };
};

describe('ReadModelVerification on its schedule', () => {
  // Its log lines are the service's; here they would only bury the test's own output.
  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs nothing by default', async () => {
    const { checker, service } = given([0]);
    service.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(30 * 24 * HOUR_MS);
    expect(checker.check).not.toHaveBeenCalled();
    expect(service.last).toBeNull();
  });

  it('runs first READ_MODELS_VERIFY_FIRST_AFTER_SECONDS after start-up, then every READ_MODELS_VERIFY_EVERY_HOURS', async () => {
    const { checker, service } = given([0], { readModelsVerifyEveryHours: 168, readModelsVerifyFirstAfterSeconds: 900 });
    service.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(899_999);
    expect(checker.check).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(checker.check).toHaveBeenCalledTimes(1);
    expect(service.last).toMatchObject({ ok: true, tablesCompared: 2, differing: [] });
    await jest.advanceTimersByTimeAsync(168 * HOUR_MS);
    expect(checker.check).toHaveBeenCalledTimes(2);
  });

  it('reports a difference without the rows it names, keeps the schedule, and clears when a later check passes', async () => {
    const { checker, service } = given([1, 0], { readModelsVerifyEveryHours: 1, readModelsVerifyFirstAfterSeconds: 0 });
    service.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    expect(service.differs).toBe(true);
    expect(service.last?.differing).toEqual([{ projection: 'person-year-usage', table: 'history', onlyLive: 1, onlyRebuilt: 1 }]);
    expect(JSON.stringify(service.last)).not.toContain('p-1');
    await jest.advanceTimersByTimeAsync(HOUR_MS);
    expect(checker.check).toHaveBeenCalledTimes(2);
    expect(service.differs).toBe(false);
  });

  it('removes at start-up the scratch space of a check the last process was killed in, scheduled or not', async () => {
    // Given the scratch directory of a scheduled check whose service was killed, and one of a killed CLI check
    const dataDir = mkdtempSync(join(tmpdir(), 'read-model-check-start-'));
    try {
      const killedService = join(dataDir, `${SCHEDULED_CHECK_SCRATCH_PREFIX}killed`);
      const killedCli = join(dataDir, `${CLI_CHECK_SCRATCH_PREFIX}killed`);
      mkdirSync(killedService);
      mkdirSync(killedCli);
      // When the service starts with the check off (it may have been turned off since)
      const { checker, service } = given([0], {}, dataDir);
      service.onApplicationBootstrap();
      // Then neither is left, and no check was run for it
      expect(existsSync(killedService)).toBe(false);
      expect(existsSync(killedCli)).toBe(false);
      expect(checker.check).not.toHaveBeenCalled();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('stops on shutdown, cancelling a check in progress and scheduling nothing more', async () => {
    const { checker, service } = given([0], { readModelsVerifyEveryHours: 1, readModelsVerifyFirstAfterSeconds: 0 });
    let cancelled: (error: Error) => void = () => undefined;
    checker.check.mockImplementationOnce(() => new Promise((_, reject) => (cancelled = reject)));
    checker.cancel.mockImplementationOnce(async () => cancelled(new Error('the job was cancelled')));
    service.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    await service.beforeApplicationShutdown();
    await jest.advanceTimersByTimeAsync(48 * HOUR_MS);
    expect(checker.check).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('the read-model check in the service, on its worker thread, through HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    // The schedule is tested above; here a check is run at once on the real worker thread.
    app = await startTestApp({ env: { READ_MODELS_VERIFY_EVERY_HOURS: '24', READ_MODELS_VERIFY_FIRST_AFTER_SECONDS: '86400' } });
  });
  afterAll(async () => app.close());

  const metric = async (name: string): Promise<number> => {
    const text = (await app.http.get('/metrics').expect(200)).text;
    const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
    return Number(line?.slice(name.length + 1));
  };

  it('finds an edited read model, warns every read, and leaves writes alone', async () => {
    // Given a person and an identity projected, and a scratch directory an earlier check left behind
    await app.http.post('/persons').send({ personId: 'rm-1', region: 'heze', scheme: 'RESIDENT' }).expect(201);
    const recognition = { category: 'SUBSISTENCE', validFrom: '2023-01-01', source: { department: 'CIVIL_AFFAIRS', document: '低保名册 2023-01' } };
    await app.http.post('/persons/rm-1/identities').send(recognition).expect(201);
    const stale = join(app.dataDir, `${SCHEDULED_CHECK_SCRATCH_PREFIX}stale`);
    mkdirSync(stale);
    const verification = app.app.get(ReadModelVerification);
    expect(await verification.run()).toMatchObject({ ok: true, differing: [] });
    expect(existsSync(stale)).toBe(false);
    expect((await app.http.get('/persons/rm-1')).headers['x-integrity-warning']).toBeUndefined();

    // When someone with file access deletes the person's identity timeline from the read database
    const file = new BetterSqlite3(join(app.dataDir, READ_DATABASE_FILE));
    file.prepare(`DELETE FROM "${activeTable(file, 'identity-timeline', 'entries')!}"`).run();
    file.close();
    const outcome = await verification.run();

    // Then the check names the table, reads carry the warning, health and metrics say so, writes go on
    expect(outcome).toMatchObject({ ok: false, differing: [expect.objectContaining({ projection: 'identity-timeline', table: 'entries', onlyLive: 0 })] });
    const read = await app.http.get('/persons/rm-1').expect(200);
    expect(read.headers['x-integrity-warning']).toMatch(/^read-models-differ: /);
    const health = await app.http.get('/health').expect(200);
    expect(health.body.info.integrity.lastReadModelCheck).toMatchObject({ ok: false, differing: [expect.objectContaining({ table: 'entries' })] });
    expect(await metric('benefits_ledger_read_models_check_last_ok')).toBe(0);
    expect(await metric('benefits_ledger_read_models_check_last_finished_timestamp_seconds')).toBeGreaterThan(0);
    await app.http.post('/persons').send({ personId: 'rm-2', region: 'heze', scheme: 'RESIDENT' }).expect(201);
    expect(readdirSync(app.dataDir).filter((name) => name.startsWith(SCHEDULED_CHECK_SCRATCH_PREFIX))).toEqual([]);
  }, 60_000);
});
