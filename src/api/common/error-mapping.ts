import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { DomainError, type DomainErrorKind } from '../../shared/domain-error';
import { AccessLogNotDurable } from '../../access-log/sqlite-access-log';
import { StoreNotWritable, StreamTampered } from '../../event-store/event-store.port';
import { reasonWithoutLocations } from '../../integrity/integrity-gate';
import { ClaimIdReused } from '../../ledger/claim-id-reused';

/** The body every error response carries (see `ErrorResponse` for the OpenAPI description). */
export interface ErrorBody {
  readonly statusCode: number;
  readonly error: string;
  readonly code?: string;
  readonly message: string | string[];
  /** For CLAIM_ID_REUSED, the person-year the claim id was settled for, when the caller may see it. */
  readonly original?: { readonly personId: string; readonly year: number };
}

/** What an error body may reveal to this caller; the edge decides from the principal. */
export interface Disclosure {
  /** The caller holds a role that reads every person-year it may reach. */
  readonly claimOwner: boolean;
  /** The regions the caller is limited to; null for every region. */
  readonly regions: readonly string[] | null;
}

/**
 * Who may learn whom another settlement under the same claim id paid: those who already read every
 * person-year (inspectors, operators), and, for a credential limited to regions, only when that
 * person is of one of its regions (see `claimIdReused`). Without a principal (no authentication
 * configured) every caller is trusted, as everywhere else in the service today.
 */
export const disclosureFor = (principal: { readonly roles: readonly string[]; readonly regions: readonly string[] | null } | undefined): Disclosure => ({
  claimOwner: principal === undefined || principal.roles.some((role) => role === 'inspector' || role === 'operator'),
  regions: principal === undefined ? null : principal.regions,
});

/** The 503 of an append refused onto an altered stream: the store is not fit to write to. */
const STORE_TAMPERED_MESSAGE = 'the event store failed integrity verification; writes are refused until an operator restores it';

export const INTERNAL_ERROR_MESSAGE = 'Internal server error; the incident has been logged.';

/**
 * Maps anything thrown while handling a request to the API's error body. Unknown errors become a
 * 500 with a generic message: their text may carry internals (SQL, file paths) that clients must
 * not see, so only the log gets it.
 */
export const toErrorBody = (exception: unknown, disclosure: Disclosure = { claimOwner: false, regions: [] }): ErrorBody => {
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (exception instanceof ClaimIdReused) return claimIdReused(exception, disclosure);
  if (exception instanceof StreamTampered) return body(HttpStatus.SERVICE_UNAVAILABLE, `${STORE_TAMPERED_MESSAGE}: ${exception.message}`, 'STORE_TAMPERED');
  if (exception instanceof StoreNotWritable) return storeNotWritable(exception, disclosure);
  if (exception instanceof AccessLogNotDurable) return body(HttpStatus.SERVICE_UNAVAILABLE, exception.message, 'ACCESS_LOG_NOT_DURABLE');
  if (exception instanceof DomainError) return fromDomainError(exception);
  if (isExposedClientError(exception)) return body(exception.status, exception.message);
  return body(HttpStatus.INTERNAL_SERVER_ERROR, INTERNAL_ERROR_MESSAGE);
};

/**
 * A write refused by the guarded store because verification marked it broken after the request
 * passed the WriteGuard (a race of milliseconds, or an import running when the break is found): a
 * credential limited to regions is told what the WriteGuard tells it, never the changed streams.
 */
const storeNotWritable = (exception: StoreNotWritable, disclosure: Disclosure): ErrorBody =>
  body(HttpStatus.SERVICE_UNAVAILABLE, exception.code === 'STORE_TAMPERED' && disclosure.regions !== null ? `writes are refused: ${reasonWithoutLocations('broken')}` : exception.message, exception.code);

const DOMAIN_ERROR_STATUS: Readonly<Record<DomainErrorKind, number>> = {
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
};

const body = (statusCode: number, message: string | string[], code?: string): ErrorBody => ({
  statusCode,
  error: STATUS_CODES[statusCode] ?? 'Error',
  ...(code === undefined ? {} : { code }),
  message,
});

/** Every refusal, from the domain, the store or the edge, by its kind; the advice, if any, follows the message. */
const fromDomainError = (exception: DomainError): ErrorBody =>
  body(DOMAIN_ERROR_STATUS[exception.kind], exception.advice === undefined ? exception.message : `${exception.message}: ${exception.advice}`, exception.code);

const claimIdReused = (exception: ClaimIdReused, disclosure: Disclosure): ErrorBody => ({
  ...body(HttpStatus.CONFLICT, exception.message, exception.code),
  ...(exception.original && mayLearnOriginal(exception, disclosure) ? { original: exception.original } : {}),
});

/**
 * A region-limited caller reads only persons of its regions, and a person of another region is to it
 * as an unknown one; so the original is named only when its region is known and one of the caller's.
 */
const mayLearnOriginal = (exception: ClaimIdReused, disclosure: Disclosure): boolean =>
  disclosure.claimOwner && (disclosure.regions === null || (exception.originalRegion !== null && disclosure.regions.includes(exception.originalRegion)));

/** Keeps the message (a string or the validation list) and any `code` the thrower put in the response. */
const fromHttpException = (exception: HttpException): ErrorBody => {
  const response = exception.getResponse();
  if (typeof response === 'string') return body(exception.getStatus(), response);
  const { message, code } = response as { message?: unknown; code?: unknown };
  return body(
    exception.getStatus(),
    isMessage(message) ? message : exception.message,
    typeof code === 'string' ? code : undefined,
  );
};

const isMessage = (value: unknown): value is string | string[] =>
  typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));

interface ExposedClientError {
  readonly status: number;
  readonly message: string;
}

/**
 * Errors raised before a route runs by the service's body parsers (malformed JSON, invalid UTF-8)
 * follow the `http-errors` convention: a 4xx `status` and `expose: true` when the message is safe to
 * show the client. (Fastify's own, a body over the size limit say, reach here as HttpExceptions.)
 */
const isExposedClientError = (exception: unknown): exception is ExposedClientError => {
  if (!(exception instanceof Error)) return false;
  const { status, expose } = exception as Error & { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status <= 499 && expose === true;
};
