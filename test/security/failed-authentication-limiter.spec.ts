import { FailedAuthenticationLimiter, MAX_TRACKED_FAILING_ADDRESSES } from '../../src/api/auth/failed-authentication.limiter';
import type { HttpReply } from '../../src/api/common/http-types';
import { validateEnvironment } from '../../src/config/app.config';

/** A reply that only remembers the headers set on it. */
const replyStub = () => {
  const headers: Record<string, string> = {};
  return { headers, reply: { header: (name: string, value: string) => void (headers[name] = value) } as unknown as HttpReply };
};

describe('FailedAuthenticationLimiter (failed authentications per address)', () => {
  it('lets FAILED_AUTH_PER_MINUTE failures through, then refuses the address with 429 and Retry-After, and no other address', async () => {
    const limiter = new FailedAuthenticationLimiter(validateEnvironment({ FAILED_AUTH_PER_MINUTE: '3' }));
    const { headers, reply } = replyStub();
    for (let failure = 0; failure < 3; failure++) await limiter.countFailure('10.0.0.1', reply);
    await expect(limiter.countFailure('10.0.0.1', reply)).rejects.toMatchObject({ status: 429 });
    expect(Number(headers['Retry-After'])).toBeGreaterThan(0);
    await expect(limiter.countFailure('10.0.0.2', replyStub().reply)).resolves.toBeUndefined();
  });

  // Every address is a new entry; a sweep of addresses must not grow the map beyond its bound.
  it('tracks at most MAX_TRACKED_FAILING_ADDRESSES addresses', async () => {
    const limiter = new FailedAuthenticationLimiter(validateEnvironment({}));
    const { reply } = replyStub();
    for (let address = 0; address < MAX_TRACKED_FAILING_ADDRESSES + 50; address++) await limiter.countFailure(`fd00::${address.toString(16)}`, reply);
    expect(limiter.trackedAddresses).toBe(MAX_TRACKED_FAILING_ADDRESSES);
  });
});
