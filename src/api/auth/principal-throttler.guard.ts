import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
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

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return createHash('sha256').update(`${name}-${tracker}`).digest('hex');
  }
}
