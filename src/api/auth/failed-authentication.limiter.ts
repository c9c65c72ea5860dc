import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app.config';
import type { HttpReply } from '../common/http-types';
import { SlidingWindowStorage } from './sliding-window.storage';

const MINUTE_MS = 60_000;
/**
 * Client addresses whose failures are remembered at most; beyond, the longest tracked are forgotten
 * first. A bureau's intranet has far fewer; the bound keeps a sweep of spoofed or IPv6 addresses
 * from growing the map without end (about 100 bytes an address: 1 MB at the bound).
 */
export const MAX_TRACKED_FAILING_ADDRESSES = 10_000;
const THROTTLER_NAME = 'failed-authentication';

/**
 * Counts failed authentications (401s) per client address and refuses an address beyond
 * `FAILED_AUTH_PER_MINUTE` with 429 and `Retry-After`, for a minute. The rate limit per principal
 * cannot do it: it runs after the AccessGuard, so a request that fails authentication never reaches
 * it, and a script could try tokens, and fill the request log, as fast as the service answers.
 *
 * Only failures are counted and only failures are refused: a request whose credential is valid is
 * served (and counted by the per-principal limit) whatever its address has done, so colleagues
 * behind the same NAT as a misconfigured client are unaffected. That a blocked address still learns
 * whether a token is valid costs nothing: the ledger's tokens are random and far too long to guess.
 */
@Injectable()
export class FailedAuthenticationLimiter {
  private readonly failures: SlidingWindowStorage;
  private readonly limit: number;

  constructor(config: AppConfig) {
    this.limit = config.security.failedAuthPerMinute;
    this.failures = new SlidingWindowStorage(Date.now, MAX_TRACKED_FAILING_ADDRESSES);
  }

  /** Counts one failure from `address`; throws 429 (with `Retry-After` on `reply`) when the address is over its limit. */
  async countFailure(address: string, reply: HttpReply): Promise<void> {
    const record = await this.failures.increment(address, MINUTE_MS, this.limit, MINUTE_MS, THROTTLER_NAME);
    if (!record.isBlocked) return;
    reply.header('Retry-After', String(Math.max(1, record.timeToBlockExpire)));
    throw new HttpException('too many failed authentications from this address; retry later with a valid credential', HttpStatus.TOO_MANY_REQUESTS);
  }

  /** Addresses tracked now (for the tests' bound on memory). */
  get trackedAddresses(): number {
    return this.failures.trackedCallers;
  }
}
