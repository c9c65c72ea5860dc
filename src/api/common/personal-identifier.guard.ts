import { BadRequestException, Injectable, SetMetadata, UnprocessableEntityException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { hostileInputProblems } from './hostile-input';
import { Reflector } from '@nestjs/core';
import type { HttpRequest } from './http-types';
import {
  describeViolation,
  personalIdentifiersIn,
  ScanBoundExceeded,
  type PersonalIdentifierViolation,
} from '../../personal-data/personal-identifier';

export const ACCEPTS_PERSONAL_DATA = 'benefits-ledger:accepts-personal-data';
export const PERSONAL_DATA_REFUSED = 'PERSONAL_DATA_NOT_ALLOWED';

/**
 * Marks the few routes whose body is personal data by design (the personal-data endpoints): their
 * body is not scanned. Their path, query and headers still are.
 */
export const AcceptsPersonalData = (): MethodDecorator => SetMetadata(ACCEPTS_PERSONAL_DATA, true);

/** Headers the ledger records in event metadata (X-Actor until the principal replaces it). */
export const RECORDED_HEADERS = ['Idempotency-Key', 'X-Correlation-Id', 'X-Actor'] as const;
/** Numeric query parameters (store positions can reach 11 digits on EventStoreDB; they are not personal). */
const NUMERIC_QUERY = new Set(['after', 'minPosition', 'limit']);

/**
 * Refuses, on every route and before any validation or handler runs, a 身份证号 or mobile number in
 * a path parameter, a query parameter, a recorded header or anywhere in the body: such a value
 * would end up in an immutable event, a read model, a URL or a log. Global (registered in
 * ApiCommonModule), so a new write endpoint is covered without doing anything. Answers 422
 * `PERSONAL_DATA_NOT_ALLOWED`, one line per field, saying where such data belongs.
 *
 * A guard, because it only decides whether the request goes on: it runs after the caller is
 * authenticated and counted by the rate limit (the guards of AuthModule come first, see
 * AppModule), and costs no wrapping of the handler's answer, which an interceptor does on every
 * request whether or not it looks at the answer.
 */
@Injectable()
export class PersonalIdentifierGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const bodyAllowed = this.reflector.get<boolean | undefined>(ACCEPTS_PERSONAL_DATA, context.getHandler()) === true;
    // A hostile body (too deep, control characters, prototype keys) is refused as the validation pipe
    // would refuse it, with 400 naming the field: guards run before pipes, and the scan below must
    // not be the one to meet such a body first.
    const hostile = hostileInputProblems(request.body ?? {});
    if (hostile.length > 0) throw new BadRequestException(hostile);
    const violations = requestViolations(request, bodyAllowed);
    if (violations.length > 0) {
      throw new UnprocessableEntityException({ code: PERSONAL_DATA_REFUSED, message: violations.map(describeViolation) });
    }
    return true;
  }
}

/** Every field of the request holding a personal identifier, named as the client wrote it. */
export const requestViolations = (request: Pick<HttpRequest, 'params' | 'query' | 'body' | 'headers'>, bodyAllowed: boolean): PersonalIdentifierViolation[] => {
  try {
    const query = Object.fromEntries(Object.entries(request.query ?? {}).filter(([name]) => !NUMERIC_QUERY.has(name)));
    return [
      ...personalIdentifiersIn(request.params ?? {}),
      ...personalIdentifiersIn(query, 'query'),
      ...RECORDED_HEADERS.flatMap((name) => personalIdentifiersIn(request.headers[name.toLowerCase()] ?? '', `header ${name}`)),
      ...(bodyAllowed ? [] : personalIdentifiersIn(request.body ?? {})),
    ];
  } catch (error) {
    if (error instanceof ScanBoundExceeded) throw new UnprocessableEntityException({ code: PERSONAL_DATA_REFUSED, message: [error.message] });
    throw error;
  }
};
