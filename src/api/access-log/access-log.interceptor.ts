import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { concatMap, type Observable } from 'rxjs';
import type { SqliteAccessLog } from '../../access-log/sqlite-access-log';
import { ReadModels } from '../../projections/read-models';
import type { Principal } from '../auth/roles';
import type { HttpRequest } from '../common/http-types';
import { ACCESS_LOG } from './access-log.tokens';
import { PERSON_DATA_READ, type PersonDataReadSpec } from './person-data-read.decorator';

export const ANONYMOUS = 'anonymous';

/**
 * Records every successful read declared with `@PersonDataRead` before the answer leaves: the answer
 * waits for its entry's commit, and if the entry cannot be written the read fails (500) rather than
 * go unrecorded. Reads answered in the same turn of the event loop share one commit (group commit,
 * `SqliteAccessLog.recordDurably`): one fsync per group rather than per read. Failed reads (404,
 * 400) disclose no data and are not recorded.
 */
@Injectable()
export class AccessLogInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ACCESS_LOG) private readonly log: SqliteAccessLog,
    private readonly readModels: ReadModels,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = this.reflector.get<PersonDataReadSpec | undefined>(PERSON_DATA_READ, context.getHandler());
    if (spec === undefined || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<HttpRequest & { principal?: Principal }>();
    return next.handle().pipe(
      concatMap(async (answer: unknown) => {
        const personId = personOf(spec, request, answer, this.readModels);
        if (personId !== null) {
          await this.log.recordDurably({ principal: request.principal?.id ?? ANONYMOUS, personId, what: spec.what, route: routeOf(request), at: new Date().toISOString() });
        }
        return answer;
      }),
    );
  }
}

const personOf = (spec: PersonDataReadSpec, request: HttpRequest, answer: unknown, readModels: ReadModels): string | null => {
  const params = request.params as Readonly<Record<string, unknown>>;
  if ('param' in spec.person) {
    const value = params[spec.person.param];
    return typeof value === 'string' ? value : null;
  }
  if ('claimParam' in spec.person) {
    const claimId = params[spec.person.claimParam];
    return typeof claimId === 'string' ? (readModels.claimReference(claimId)?.personId ?? null) : null;
  }
  const value = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>)[spec.person.answerField] : undefined;
  return typeof value === 'string' ? value : null;
};

/** The route as declared (`GET /persons/{personId}/timeline`), never the concrete URL or its query. */
const routeOf = (request: HttpRequest): string => {
  const declared = request.routeOptions.url ?? '(unknown)';
  return `${request.method} ${declared.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
};
