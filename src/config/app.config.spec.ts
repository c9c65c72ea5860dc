import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigValidationError, validateEnvironment } from './app.config';

describe('validateEnvironment', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = validateEnvironment({});

    expect(config).toMatchObject({ port: 3000, dataDir: resolve('./data'), logLevel: 'info' });
    expect(config.eventStoreUrl).toBeUndefined();
    expect(config.policyDir).toBeUndefined();
    expect(config.eventStoreBackend).toBe('sqlite');
  });

  it('runs quiet under test unless LOG_LEVEL says otherwise', () => {
    expect(validateEnvironment({ NODE_ENV: 'test' }).logLevel).toBe('silent');
    expect(validateEnvironment({ JEST_WORKER_ID: '1' }).logLevel).toBe('silent');
    expect(validateEnvironment({ NODE_ENV: 'test', LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
  });

  it('treats an empty variable as unset', () => {
    const config = validateEnvironment({ PORT: '', EVENTSTORE_URL: ' ', POLICY_DIR: '' });

    expect(config.port).toBe(3000);
    expect(config.eventStoreUrl).toBeUndefined();
    expect(config.policyDir).toBeUndefined();
  });

  it.each(['esdb://localhost:2113?tls=false', 'esdb+discover://cluster.local:2113', 'kurrentdb://node1:2113'])(
    'selects EventStoreDB for %s',
    (url) => {
      const config = validateEnvironment({ EVENTSTORE_URL: url });

      expect(config.eventStoreUrl).toBe(url);
      expect(config.eventStoreBackend).toBe('eventstoredb');
    },
  );

  it('lets code override the port (0 = any free port) and the data directory', () => {
    const config = validateEnvironment({ PORT: '8080', DATA_DIR: '/srv/ledger' }, { port: 0, dataDir: 'tmp/x' });

    expect(config.port).toBe(0);
    expect(config.dataDir).toBe(resolve('tmp/x'));
  });

  it('resolves an existing POLICY_DIR to an absolute path', () => {
    const directory = mkdtempSync(join(tmpdir(), 'benefits-ledger-packs-'));
    try {
      expect(validateEnvironment({ POLICY_DIR: directory }).policyDir).toBe(directory);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it.each([['0'], ['65536'], ['3000.5'], ['-1'], ['0x10']])('refuses PORT=%s', (port) => {
    expect(() => validateEnvironment({ PORT: port })).toThrow(/PORT must be an integer from 1 to 65535/);
  });

  it('reports every issue with its variable, rule and value', () => {
    const attempt = (): unknown => validateEnvironment({ PORT: 'abc', EVENTSTORE_URL: 'http://x', LOG_LEVEL: 'loud' });

    expect(attempt).toThrow(ConfigValidationError);
    try {
      attempt();
    } catch (error: unknown) {
      expect((error as ConfigValidationError).issues.map((issue) => [issue.variable, issue.value])).toEqual([
        ['PORT', 'abc'],
        ['EVENTSTORE_URL', 'http://x'],
        ['LOG_LEVEL', 'loud'],
      ]);
    }
  });

  it('sizes the state cache from STATE_CACHE_ENTRIES within its bounds, 50,000 by default', () => {
    expect(validateEnvironment({}).stateCacheEntries).toBe(50_000);
    expect(validateEnvironment({ STATE_CACHE_ENTRIES: '2000000' }).stateCacheEntries).toBe(2_000_000);
    expect(validateEnvironment({ STATE_CACHE_ENTRIES: '2_000_000' }).stateCacheEntries).toBe(2_000_000);
    for (const value of ['999', '20000001', '-5', '1e6', 'lots']) {
      expect(() => validateEnvironment({ STATE_CACHE_ENTRIES: value })).toThrow(/STATE_CACHE_ENTRIES must be an integer from 1000 to 20000000/);
    }
  });

  it('starts REASSESSMENT_THREADS threads for a large region, one per core up to four by default, 0 to 16', () => {
    expect(validateEnvironment({}).reassessmentThreads).toBe(Math.min(4, availableParallelism()));
    expect(validateEnvironment({ REASSESSMENT_THREADS: '0' }).reassessmentThreads).toBe(0);
    expect(validateEnvironment({ REASSESSMENT_THREADS: '16' }).reassessmentThreads).toBe(16);
    for (const value of ['17', '-1', '2.5', 'many']) {
      expect(() => validateEnvironment({ REASSESSMENT_THREADS: value })).toThrow(/REASSESSMENT_THREADS must be an integer from 0 to 16/);
    }
  });

  it('threads a region of REASSESSMENT_THREADS_MIN_PERSON_YEARS person-years or more, 4,096 by default', () => {
    expect(validateEnvironment({}).reassessmentThreadsMinPersonYears).toBe(4096);
    expect(validateEnvironment({ REASSESSMENT_THREADS_MIN_PERSON_YEARS: '0' }).reassessmentThreadsMinPersonYears).toBe(0);
    for (const value of ['-1', '100000001', 'few']) {
      expect(() => validateEnvironment({ REASSESSMENT_THREADS_MIN_PERSON_YEARS: value })).toThrow(/REASSESSMENT_THREADS_MIN_PERSON_YEARS must be an integer from 0 to 100000000/);
    }
  });

  describe('tamper-evidence settings', () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

    it('defaults to a generated key, a checkpoint every 1000 events or 60 seconds, a full verification 5 minutes after start and daily, no read-model check', () => {
      expect(validateEnvironment({}).integrity).toEqual({
        signingKeyFile: undefined,
        signingKeyPem: undefined,
        checkpointEveryEvents: 1000,
        checkpointIntervalSeconds: 60,
        fullVerifyEveryHours: 24,
        fullVerifyFirstAfterSeconds: 300,
        readModelsVerifyEveryHours: 0,
        readModelsVerifyFirstAfterSeconds: 900,
      });
      expect(validateEnvironment({ FULL_VERIFY_EVERY_HOURS: '0', FULL_VERIFY_FIRST_AFTER_SECONDS: '0' }).integrity).toMatchObject({ fullVerifyEveryHours: 0, fullVerifyFirstAfterSeconds: 0 });
      const readModels = validateEnvironment({ READ_MODELS_VERIFY_EVERY_HOURS: '168', READ_MODELS_VERIFY_FIRST_AFTER_SECONDS: '3600' }).integrity;
      expect(readModels).toMatchObject({ readModelsVerifyEveryHours: 168, readModelsVerifyFirstAfterSeconds: 3600 });
    });

    it('accepts an Ed25519 key as a file or as text, and the two schedules', () => {
      const dir = mkdtempSync(join(tmpdir(), 'config-key-'));
      try {
        writeFileSync(join(dir, 'key.pem'), pem);
        const fromFile = validateEnvironment({ SIGNING_KEY_FILE: join(dir, 'key.pem'), CHECKPOINT_EVERY_EVENTS: '50', CHECKPOINT_INTERVAL_SECONDS: '5' }).integrity;
        expect(fromFile).toMatchObject({ signingKeyFile: join(dir, 'key.pem'), checkpointEveryEvents: 50, checkpointIntervalSeconds: 5 });
        expect(validateEnvironment({ SIGNING_KEY: pem }).integrity.signingKeyPem).toBe(pem.trim());
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it.each([
      [{ SIGNING_KEY_FILE: '/definitely/not/a/key.pem' }, 'SIGNING_KEY_FILE', 'must name a readable file holding an Ed25519 private key'],
      [{ SIGNING_KEY: 'not a key' }, 'SIGNING_KEY', 'must be an Ed25519 private key in PKCS#8 PEM'],
      [{ CHECKPOINT_EVERY_EVENTS: '0' }, 'CHECKPOINT_EVERY_EVENTS', 'must be an integer from 1 to 1000000'],
      [{ CHECKPOINT_INTERVAL_SECONDS: '1.5' }, 'CHECKPOINT_INTERVAL_SECONDS', 'must be an integer from 1 to 86400'],
      [{ FULL_VERIFY_EVERY_HOURS: '-1' }, 'FULL_VERIFY_EVERY_HOURS', 'must be an integer from 0 to 8760'],
      [{ FULL_VERIFY_FIRST_AFTER_SECONDS: '1h' }, 'FULL_VERIFY_FIRST_AFTER_SECONDS', 'must be an integer from 0 to 86400'],
      [{ READ_MODELS_VERIFY_EVERY_HOURS: 'weekly' }, 'READ_MODELS_VERIFY_EVERY_HOURS', 'must be an integer from 0 to 8760'],
      [{ READ_MODELS_VERIFY_FIRST_AFTER_SECONDS: '86401' }, 'READ_MODELS_VERIFY_FIRST_AFTER_SECONDS', 'must be an integer from 0 to 86400'],
    ])('refuses %j, naming %s', (env, variable, rule) => {
      expect(() => validateEnvironment(env)).toThrow(ConfigValidationError);
      expect(() => validateEnvironment(env)).toThrow(`${variable} ${rule}`);
    });

    it('never echoes a SIGNING_KEY value back', () => {
      expect(() => validateEnvironment({ SIGNING_KEY: 'secret-material' })).toThrow('(got "(hidden)")');
    });
  });

  describe('the personal-data master key', () => {
    const KEY = Buffer.alloc(32, 7).toString('base64');

    it('defaults to a key generated in the data directory', () =>
      expect(validateEnvironment({ DATA_DIR: '/srv/ledger' }).personalDataKey).toEqual({ source: { kind: 'generated', dataDir: resolve('/srv/ledger') }, previousKeyFiles: [] }));

    it('takes a key file, or the key itself, and previous key files for a rotation', () => {
      const directory = mkdtempSync(join(tmpdir(), 'key-settings-'));
      try {
        const [current, previous] = [join(directory, 'current.key'), join(directory, 'previous.key')];
        writeFileSync(current, KEY);
        writeFileSync(previous, KEY);
        expect(validateEnvironment({ PERSONAL_DATA_KEY_FILE: current, PERSONAL_DATA_PREVIOUS_KEY_FILES: `${previous}, ` }).personalDataKey).toEqual({
          source: { kind: 'file', path: current },
          previousKeyFiles: [previous],
        });
        expect(validateEnvironment({ PERSONAL_DATA_KEY: KEY }).personalDataKey.source).toEqual({ kind: 'environment', value: KEY });
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    });

    it('refuses both at once, a missing file and a malformed key, without repeating the key', () => {
      try {
        validateEnvironment({ PERSONAL_DATA_KEY: 'short-secret', PERSONAL_DATA_KEY_FILE: '/nowhere/master.key', PERSONAL_DATA_PREVIOUS_KEY_FILES: '/nowhere/old.key' });
        throw new Error('accepted');
      } catch (error: unknown) {
        const issues = (error as ConfigValidationError).issues;
        expect(issues.map((issue) => issue.variable)).toEqual(['PERSONAL_DATA_PREVIOUS_KEY_FILES', 'PERSONAL_DATA_KEY', 'PERSONAL_DATA_KEY_FILE']);
        expect(JSON.stringify(issues)).not.toContain('short-secret');
      }
    });
  });
});
