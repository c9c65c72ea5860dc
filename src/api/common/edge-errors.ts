import { Logger } from '@nestjs/common';
import type { FastifyError, FastifyInstance } from 'fastify';
import { redactUrl } from '../../personal-data/personal-identifier';
import { toErrorBody } from './error-mapping';
import { InvalidBody } from './utf8-body';

const logger = new Logger('HttpEdge');

/**
 * Errors raised before a request reaches Nest (a body that cannot be parsed, one over the size
 * limit, a malformed upload) are Fastify's to answer; they get the API's error body like every
 * other. Client errors carry Fastify's message; anything else is a logged 500.
 */
export const answerEdgeErrors = (instance: FastifyInstance): void => {
  instance.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    const clientError = status >= 400 && status < 500;
    if (!clientError) logger.error(`${request.method} ${redactUrl(request.url)} failed: ${error.message}`, error.stack);
    const exposed = error instanceof InvalidBody || !clientError ? error : Object.assign(new InvalidBody(error.message), { status, statusCode: status });
    const body = toErrorBody(exposed);
    void reply.status(body.statusCode).send(body);
  });
};
