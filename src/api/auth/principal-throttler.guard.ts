import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { AuthenticatedRequest } from './access.guard';

/**
 * Rate limits per principal (`RATE_LIMIT_PER_MINUTE`), over all routes together, answered 429 with
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
