import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../../config/app.config';

const REQUEST_ID_HEADER = 'x-request-id';
/** Longest caller-supplied request id kept; longer ones are replaced, so a header cannot bloat every log line. */
const MAX_REQUEST_ID_LENGTH = 128;

/**
 * Structured JSON logs, one line per event, on stdout. Request bodies are never logged: they carry
 * claim amounts and, at the edge, may carry personal data that must stay out of logs as it stays
 * out of events. Probes of `/health` are not logged, or they would drown everything else.
 */
export const loggerParams = (config: AppConfig): Params => ({
  pinoHttp: {
    level: config.logLevel,
    genReqId: (request, response) => {
      const id = requestIdOf(request) ?? randomUUID();
      response.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    autoLogging: { ignore: (request) => request.url === '/health' },
    redact: ['req.headers.authorization', 'req.headers.cookie'],
  },
});

const requestIdOf = (request: IncomingMessage): string | undefined => {
  const header = request.headers[REQUEST_ID_HEADER];
  return typeof header === 'string' && header !== '' && header.length <= MAX_REQUEST_ID_LENGTH ? header : undefined;
};
