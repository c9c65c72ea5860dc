import { HttpStatus, Inject, Injectable, ServiceUnavailableException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/access.guard';
import type { HttpReply } from '../common/http-types';
import { reasonWithoutLocations, type IntegrityGate } from '../../integrity/integrity-gate';
import { INTEGRITY_GATE } from '../infrastructure/tokens';

export const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Header a read carries while the store is not verified (RFC 9111's Warning is obsolete, so our own). */
export const INTEGRITY_WARNING_HEADER = 'X-Integrity-Warning';

/**
 * The service checks before it writes: every write is refused with 503 and the reason while the
 * store is unverified or broken; reads still answer, with a warning header. An append the store
 * refuses because a stream no longer matches its chain marks the whole store broken: that is the
 * store's own guard (`GuardedEventStore`, under every append of the process), so this one only
 * decides whether a request goes on, after the caller is authenticated (a caller without a
 * credential learns nothing of the store's state).
 */
@Injectable()
export class WriteGuard implements CanActivate {
  constructor(@Inject(INTEGRITY_GATE) private readonly state: IntegrityGate) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http' || this.state.writable) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const reason = request.principal?.regions === null ? this.state.reason : reasonWithoutLocations(this.state.status);
    if (READ_METHODS.has(request.method)) {
      context.switchToHttp().getResponse<HttpReply>().header(INTEGRITY_WARNING_HEADER, `${this.state.status}: ${headerSafe(reason)}`);
      return true;
    }
    throw new ServiceUnavailableException({
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      code: this.state.status === 'broken' ? 'STORE_TAMPERED' : 'STORE_UNVERIFIED',
      message: `writes are refused: ${reason}`,
    });
  }
}

/** Header values must be printable ASCII on one line. */
const headerSafe = (text: string): string => text.replace(/[^\x20-\x7e]/g, '?').slice(0, 500);
