import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { SecuritySettings } from '../../config/security.config';
import type { AuthenticatedRequest } from './access.guard';

/**
 * The requests per minute of the caller of `context`: `FEEDER_RATE_LIMIT_PER_MINUTE` for a principal
 * holding `claims-feeder`, `RATE_LIMIT_PER_MINUTE` for everyone else (people's tokens and addresses).
 * One limit for all would either throttle a hospital system's feeder far below the rate the service is
 * built for, or let a leaked inspector token read at that rate.
 */
export const rateLimitOf =
  (security: Pick<SecuritySettings, 'rateLimitPerMinute' | 'feederRateLimitPerMinute'>) =>
  (context: ExecutionContext): number => {
    const { principal } = context.switchToHttp().getRequest<AuthenticatedRequest>();
    return principal?.roles.includes('claims-feeder') === true ? security.feederRateLimitPerMinute : security.rateLimitPerMinute;
  };

/**
 * Rate limits per principal (`rateLimitOf`), over all routes together, answered 429 with
 * `Retry-After` (seconds). Runs after the AccessGuard, so the principal is known; a caller without
 * one (public routes) is tracked by its address.
 */
@Injectable()
export class PrincipalThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const { principal, ip } = request as unknown as AuthenticatedRequest;
    return principal !== undefined ? `principal:${principal.id}` : `address:${ip ?? 'unknown'}`;
  }

  /**
   * One key per caller over all routes. Not hashed (the library's default hashes route and caller
   * per request): the key only lives in this process's memory, and a principal's id is no secret.
   */
  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return tracker;
  }
}
