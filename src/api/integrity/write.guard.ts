import { HttpStatus, Inject, Injectable, ServiceUnavailableException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/access.guard';
import type { HttpReply } from '../common/http-types';
import { reasonWithoutLocations, type IntegrityGate } from '../../integrity/integrity-gate';
import { INTEGRITY_GATE } from '../infrastructure/tokens';
import { ReadModelVerification } from './read-model-verification';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Header a read carries while the store is not verified (RFC 9111's Warning is obsolete, so our own). */
export const INTEGRITY_WARNING_HEADER = 'X-Integrity-Warning';

/**
 * The service checks before it writes: every write is refused with 503 and the reason while the
 * store is unverified or broken; reads still answer, with a warning header. An append the store
 * refuses because a stream no longer matches its chain marks the whole store broken: that is the
 * store's own guard (`GuardedEventStore`, under every append of the process), so this one only
 * decides whether a request goes on, after the caller is authenticated (a caller without a
 * credential learns nothing of the store's state). While the last read-model check found a
 * difference, reads on a writable store carry a warning too (one guard for both: it runs on every
 * request).
 */
@Injectable()
export class WriteGuard implements CanActivate {
  constructor(
    @Inject(INTEGRITY_GATE) private readonly state: IntegrityGate,
    private readonly readModels: ReadModelVerification,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    if (this.state.writable) {
      if (this.readModels.differs) this.warnOfReadModels(context);
      return true;
    }
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

  /**
   * Reads answered from read models the last check found edited carry a warning, so an inspector
   * knows that what they are shown may not be what the events say. It names no table or row: a
   * credential limited to regions must not learn where in another region the difference is.
   */
  private warnOfReadModels(context: ExecutionContext): void {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!READ_METHODS.has(request.method)) return;
    const found = this.readModels.last?.finishedAt ?? '';
    const warning = `read-models-differ: the read models differed from a rebuild from the events at ${found}; an operator rebuilds them`;
    context.switchToHttp().getResponse<HttpReply>().header(INTEGRITY_WARNING_HEADER, warning);
  }
}

/** Header values must be printable ASCII on one line. */
const headerSafe = (text: string): string => text.replace(/[^\x20-\x7e]/g, '?').slice(0, 500);
