import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_ID_HEADER } from '../config/logger.config';

/** What each refusal of Fastify's router says instead of its own words, by Fastify's error code. */
const MESSAGES: Readonly<Record<string, string>> = {
  FST_ERR_BAD_URL: 'the URL holds an invalid percent-escape',
  FST_ERR_MAX_PARAM_LENGTH: 'a path parameter is too long',
};

/**
 * Fastify's `frameworkErrors`: its router's answers to a URL it cannot read (an invalid
 * percent-escape in the path, a path parameter over its length bound) quote the path, and a path
 * may hold a 身份证号, escaped or not, that the personal-identifier guard never gets to refuse (no
 * route is found, so no guard runs). These answers keep Fastify's status and code and say what was
 * wrong without quoting anything.
 *
 * Fastify answers them before any `onRequest` hook runs, so the headers every other answer gets
 * from hooks (`securityHeaders`, built once by `securityHeadersOf`, and the request id) are set here.
 */
export const answerFrameworkErrors =
  (securityHeaders: Readonly<Record<string, string>>) =>
  (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const statusCode = error.statusCode ?? 400;
    reply.headers(securityHeaders);
    reply.header(REQUEST_ID_HEADER, request.id);
    void reply.status(statusCode).send({ statusCode, error: statusCode === 414 ? 'URI Too Long' : 'Bad Request', code: error.code, message: [MESSAGES[error.code] ?? 'the URL cannot be routed'] });
  };
