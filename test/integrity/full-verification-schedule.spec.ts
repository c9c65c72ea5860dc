import { Logger } from '@nestjs/common';
import { generateKeyPairSync } from 'node:crypto';
import { FullVerification } from '../../src/api/integrity/full-verification';
import type { VerifyOffThread } from '../../src/api/integrity/verify-off-thread';
import { AppConfig, DEFAULT_INTEGRITY_SETTINGS } from '../../src/config/app.config';
import { IntegrityGate } from '../../src/integrity/integrity-gate';
import type { IntegrityReport } from '../../src/integrity/integrity-verifier';
import type { IntegrityReportJson } from '../../src/integrity/verify-report-text';
import type { SigningKey } from '../../src/integrity/signing-key';

/** The schedule alone: a fake verifier answering what each test says, timers faked. */

const HOUR_MS = 3_600_000;

const report = (problems: readonly string[]): IntegrityReportJson =>
  ({
    ok: problems.length === 0,
    globalEventsChecked: 12,
    checkpointsChecked: 1,
    headPosition: '12',
    breaks: [],
    findings: problems.map((problem) => ({ problem, streamName: 'person-b', revision: '1', position: '5', detail: '' })),
  }) as unknown as IntegrityReportJson;

const given = (answers: ReadonlyArray<readonly string[]>, settings: Partial<typeof DEFAULT_INTEGRITY_SETTINGS> = {}) => {
  const { publicKey } = generateKeyPairSync('ed25519');
  const gate = new IntegrityGate({ publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() } as unknown as SigningKey);
  gate.verified({ headPosition: 12n } as IntegrityReport);
  let runs = 0;
  const verifier = {
    verify: jest.fn(async () => report(answers[Math.min(runs++, answers.length - 1)]!)),
    cancel: jest.fn(async () => undefined),
  } as unknown as VerifyOffThread & { verify: jest.Mock; cancel: jest.Mock };
  const config = Object.assign(Object.create(AppConfig.prototype) as AppConfig, { dataDir: '/nowhere', integrity: { ...DEFAULT_INTEGRITY_SETTINGS, ...settings } });
  return { gate, verifier, service: new FullVerification(config, gate, verifier) };
};

/** Lets the timer's callback and the promises it awaits run. */
const advance = async (ms: number): Promise<void> => {
  await jest.advanceTimersByTimeAsync(ms);
};

describe('FullVerification on its schedule', () => {
  // Its log lines are the service's; here they would only bury the test's own output.
  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs first FULL_VERIFY_FIRST_AFTER_SECONDS after start-up, then every FULL_VERIFY_EVERY_HOURS', async () => {
    const { verifier, service } = given([[]], { fullVerifyFirstAfterSeconds: 300, fullVerifyEveryHours: 24 });
    service.onApplicationBootstrap();
    await advance(299_000);
    expect(verifier.verify).toHaveBeenCalledTimes(0);
    await advance(1_000);
    expect(verifier.verify).toHaveBeenCalledTimes(1);
    expect(service.last).toMatchObject({ trigger: 'schedule', ok: true, problems: [], headPosition: '12' });
    await advance(24 * HOUR_MS - 1);
    expect(verifier.verify).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(verifier.verify).toHaveBeenCalledTimes(2);
  });

  it('stops writes on a forgery and schedules nothing more; a finding that does not stop writes keeps the schedule', async () => {
    const forged = given([['recomputed-chain']], { fullVerifyFirstAfterSeconds: 0 });
    forged.service.onApplicationBootstrap();
    await advance(0);
    expect(forged.gate.status).toBe('broken');
    expect(forged.gate.reason).toContain('recomputed-chain');
    await advance(48 * HOUR_MS);
    expect(forged.verifier.verify).toHaveBeenCalledTimes(1);

    const accessLog = given([['access-log-truncated']], { fullVerifyFirstAfterSeconds: 0 });
    accessLog.service.onApplicationBootstrap();
    await advance(0);
    expect(accessLog.gate.writable).toBe(true);
    expect(accessLog.service.last).toMatchObject({ ok: false, problems: ['access-log-truncated'] });
    await advance(24 * HOUR_MS);
    expect(accessLog.verifier.verify).toHaveBeenCalledTimes(2);
  });

  it('schedules nothing when FULL_VERIFY_EVERY_HOURS is 0 or the store failed start-up, and cancels on shutdown', async () => {
    const off = given([[]], { fullVerifyEveryHours: 0, fullVerifyFirstAfterSeconds: 0 });
    off.service.onApplicationBootstrap();
    await advance(48 * HOUR_MS);
    expect(off.verifier.verify).not.toHaveBeenCalled();

    const broken = given([[]], { fullVerifyFirstAfterSeconds: 0 });
    broken.gate.broken('start-up found an altered event');
    broken.service.onApplicationBootstrap();
    await advance(48 * HOUR_MS);
    expect(broken.verifier.verify).not.toHaveBeenCalled();

    const stopping = given([[]], { fullVerifyFirstAfterSeconds: 60 });
    stopping.service.onApplicationBootstrap();
    await stopping.service.beforeApplicationShutdown();
    await advance(48 * HOUR_MS);
    expect(stopping.verifier.verify).not.toHaveBeenCalled();
    expect(stopping.verifier.cancel).toHaveBeenCalledTimes(1);
  });

  it('schedules nothing more after a run cancelled by the shutdown', async () => {
    const { verifier, service } = given([[]], { fullVerifyFirstAfterSeconds: 0 });
    let cancelled: (error: Error) => void = () => undefined;
    verifier.verify.mockImplementationOnce(() => new Promise((_, reject) => (cancelled = reject)));
    verifier.cancel.mockImplementationOnce(async () => cancelled(new Error('the job was cancelled')));
    service.onApplicationBootstrap();
    await advance(0);
    expect(verifier.verify).toHaveBeenCalledTimes(1);
    await service.beforeApplicationShutdown();
    await advance(48 * HOUR_MS);
    expect(verifier.verify).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });
});
