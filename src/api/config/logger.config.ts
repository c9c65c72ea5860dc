import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../../config/app.config';
import { findPersonalIdentifiers, redactUrl } from '../../personal-data/personal-identifier';

const REQUEST_ID_HEADER = 'x-request-id';
/** Longest caller-supplied request id kept; longer ones are replaced, so a header cannot bloat every log line. */
const MAX_REQUEST_ID_LENGTH = 128;

/**
 * Structured JSON logs, one line per event, on stdout. Request bodies are never logged: they carry
 * claim amounts and, at the edge, may carry personal data that must stay out of logs as it stays
 * out of events. Nor are request headers (free text no rule scans, and credentials), and a URL is
 * logged with any personal identifier in it replaced: a request with a 身份证号 in its path is
 * refused (422), but its line is still written. Probes of `/health` are not logged, or they would
 * drown everything else.
 */
export const loggerParams = (config: AppConfig): Params => ({
  pinoHttp: {
    level: config.logLevel,
    // The request's id is Fastify's (`requestIdFor`, set before any middleware runs); pino-http logs it.
    autoLogging: { ignore: (request) => request.url === '/health' },
    serializers: { req: requestLogFields },
    // Kept as a second line of defence, should a serializer ever log headers again.
    redact: ['req.headers.authorization', 'req.headers.cookie'],
  },
});

/** The request as pino-http serialized it (its standard serializer runs first), as much of it as the log keeps. */
interface SerializedRequest {
  readonly id?: unknown;
  readonly method?: unknown;
  readonly url?: unknown;
  readonly remoteAddress?: unknown;
}

/** What a request's log line says of it: id, method, URL without personal identifiers, and the caller's address. */
const requestLogFields = (request: SerializedRequest): Record<string, unknown> => ({
  id: request.id,
  method: request.method,
  url: typeof request.url === 'string' ? redactUrl(request.url) : request.url,
  remoteAddress: request.remoteAddress,
});


/**
 * A request's id (Fastify's `genReqId`): the caller's `X-Request-Id` when the log may keep it (short,
 * holding no personal identifier), else a new one. `echoRequestId` sends it back.
 */
export const requestIdFor = (request: IncomingMessage): string => requestIdOf(request) ?? randomUUID();

/** Every answer names its request's id, so a caller can quote it when asking about a request. */
export const echoRequestId = (instance: FastifyInstance): void => {
  instance.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
};

const requestIdOf = (request: IncomingMessage): string | undefined => {
  const header = request.headers[REQUEST_ID_HEADER];
  if (typeof header !== 'string' || header === '' || header.length > MAX_REQUEST_ID_LENGTH) return undefined;
  return findPersonalIdentifiers(header).length === 0 ? header : undefined;
};
