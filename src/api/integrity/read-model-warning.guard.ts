import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { HttpReply } from '../common/http-types';
import type { IntegrityGate } from '../../integrity/integrity-gate';
import { INTEGRITY_GATE } from '../infrastructure/tokens';
import { ReadModelVerification } from './read-model-verification';
import { INTEGRITY_WARNING_HEADER, READ_METHODS } from './write.guard';

/**
 * Reads answered from read models the last check found edited carry a warning, so an inspector
 * knows that what they are shown may not be what the events say. A broken store's own warning
 * (WriteGuard) says more and takes its place. The warning names no table or row: a credential
 * limited to regions must not learn where in another region the difference is.
 */
@Injectable()
export class ReadModelWarningGuard implements CanActivate {
  constructor(
    @Inject(INTEGRITY_GATE) private readonly gate: IntegrityGate,
    private readonly readModels: ReadModelVerification,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http' || !this.readModels.differs || !this.gate.writable) return true;
    const request = context.switchToHttp().getRequest<{ method: string }>();
    if (!READ_METHODS.has(request.method)) return true;
    const found = this.readModels.last?.finishedAt ?? '';
    const warning = `read-models-differ: the read models differed from a rebuild from the events at ${found}; an operator rebuilds them`;
    context.switchToHttp().getResponse<HttpReply>().header(INTEGRITY_WARNING_HEADER, warning);
    return true;
  }
}
