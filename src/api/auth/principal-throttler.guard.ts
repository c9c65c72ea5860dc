import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { SecuritySettings } from '../../config/security.config';
import type { AuthenticatedRequest } from './access.guard';

/**
 * Whether the request is made in the claims feeder's role (the role the access guard chose for the
 * route), not merely by a principal that holds it among others.
 */
const actsAsFeeder = (request: AuthenticatedRequest): boolean => request.actingRole === 'claims-feeder';

/**
 * The requests per minute of the caller of `context`: `FEEDER_RATE_LIMIT_PER_MINUTE` for a request
 * made as `claims-feeder`, `RATE_LIMIT_PER_MINUTE` for everything else (people's tokens and addresses).
 * One limit for all would either throttle a hospital system's feeder far below the rate the service is
 * built for, or let a leaked inspector token read at that rate. It goes by the role acted in: until
 * round 22 a credential holding claims-feeder beside inspector or registrar read persons at the
 * feeder's rate (600,000 a minute).
 */
export const rateLimitOf =
  (security: Pick<SecuritySettings, 'rateLimitPerMinute' | 'feederRateLimitPerMinute'>) =>
  (context: ExecutionContext): number =>
    actsAsFeeder(context.switchToHttp().getRequest<AuthenticatedRequest>()) ? security.feederRateLimitPerMinute : security.rateLimitPerMinute;

/**
 * Rate limits per principal (`rateLimitOf`), over all routes together (a principal's requests as a
 * claims feeder in one count, its other requests in another), answered 429 with
 * `Retry-After` (seconds). Runs after the AccessGuard, so the principal is known; a caller without
 * one (public routes) is tracked by its address.
 */
@Injectable()
export class PrincipalThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const authenticated = request as unknown as AuthenticatedRequest;
    const { principal, ip } = authenticated;
    if (principal === undefined) return `address:${ip ?? 'unknown'}`;
    // The feeder's requests are counted apart, against their own limit, so a credential's claims
    // neither use up its reads nor lend them the feeder's rate.
    return actsAsFeeder(authenticated) ? `principal:${principal.id}#claims-feeder` : `principal:${principal.id}`;
  }

  /**
   * One key per caller over all routes. Not hashed (the library's default hashes route and caller
   * per request): the key only lives in this process's memory, and a principal's id is no secret.
   */
  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return tracker;
  }
}
