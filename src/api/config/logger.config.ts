import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Params } from 'nestjs-pino';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { AppConfig } from '../../config/app.config';
import { findPersonalIdentifiers, redactUrl } from '../../personal-data/personal-identifier';

export const REQUEST_ID_HEADER = 'x-request-id';
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
export const serviceLogger = (config: AppConfig, destination?: DestinationStream): PinoLogger =>
  pino(
    {
      level: config.logLevel,
      // Kept as a second line of defence, should a line ever carry the request's headers.
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
    destination,
  );

/**
 * nestjs-pino as the application's logger, over the service's own pino instance. Its request
 * middleware (pino-http, and an AsyncLocalStorage entered for every request) is not installed: the
 * request log is a Fastify hook (`logRequests`) that builds nothing when its level writes no line
 * (the middleware cost 9 % of a usage read at `warn`), and the only line written inside a request
 * (the exception filter's) names the request itself.
 */
export const loggerParams = (logger: PinoLogger): Params => ({ pinoHttp: { logger }, useExisting: true, forRoutes: [] });

/** The line of one answered request: at `error` for a server failure, `info` otherwise. */
const levelOf = (statusCode: number): 'error' | 'info' => (statusCode >= 500 ? 'error' : 'info');

/**
 * One line per answered request (id, method, URL without personal identifiers, the caller's address,
 * status and time), and one per request whose caller went away before the answer. Nothing is built
 * when the level does not write the line.
 */
export const logRequests = (instance: FastifyInstance, logger: PinoLogger): void => {
  instance.addHook('onResponse', (request, reply, done) => {
    const level = levelOf(reply.statusCode);
    if (request.url !== HEALTH_PATH && logger.isLevelEnabled(level)) {
      const message = level === 'error' ? 'request errored' : 'request completed';
      logger[level]({ req: requestLogFields(request), res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime }, message);
    }
    done();
  });
  // At `info`, as any answered request: a caller that goes away is not the service's failure (a
  // live-feed subscriber ends its stream this way).
  instance.addHook('onRequestAbort', (request, done) => {
    if (logger.isLevelEnabled('info')) logger.info({ req: requestLogFields(request) }, 'request aborted');
    done();
  });
};

const HEALTH_PATH = '/health';

/** What a request's log line says of it: id, method, URL without personal identifiers, and the caller's address. */
const requestLogFields = (request: FastifyRequest): Record<string, unknown> => ({
  id: request.id,
  method: request.method,
  url: redactUrl(request.url),
  remoteAddress: request.raw.socket?.remoteAddress,
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
