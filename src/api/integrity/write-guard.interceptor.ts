import { CallHandler, ExecutionContext, HttpStatus, Inject, Injectable, NestInterceptor, ServiceUnavailableException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, type Observable, throwError } from 'rxjs';
import { StreamTampered } from '../../event-store/event-store.port';
import type { IntegrityGate } from '../../integrity/integrity-gate';
import { INTEGRITY_GATE } from '../infrastructure/tokens';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Header a read carries while the store is not verified (RFC 9111's Warning is obsolete, so our own). */
export const INTEGRITY_WARNING_HEADER = 'X-Integrity-Warning';

/**
 * The service checks before it writes: every write is refused with 503 and the reason while the
 * store is unverified or broken; reads still answer, with a warning header. An append the store
 * refuses because a stream no longer matches its chain marks the whole store broken.
 */
@Injectable()
export class WriteGuardInterceptor implements NestInterceptor {
  constructor(@Inject(INTEGRITY_GATE) private readonly state: IntegrityGate) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    if (READ_METHODS.has(request.method)) {
      if (!this.state.writable) context.switchToHttp().getResponse<Response>().setHeader(INTEGRITY_WARNING_HEADER, `${this.state.status}: ${headerSafe(this.state.reason)}`);
      return next.handle();
    }
    if (!this.state.writable) {
      throw new ServiceUnavailableException({
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        code: this.state.status === 'broken' ? 'STORE_TAMPERED' : 'STORE_UNVERIFIED',
        message: `writes are refused: ${this.state.reason}`,
      });
    }
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof StreamTampered) this.state.broken(error.message);
        return throwError(() => error);
      }),
    );
  }
}

/** Header values must be printable ASCII on one line. */
const headerSafe = (text: string): string => text.replace(/[^\x20-\x7e]/g, '?').slice(0, 500);
