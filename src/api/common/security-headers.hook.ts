import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * helmet's security headers (CSP, HSTS, nosniff, frame-ancestors, referrer policy) on every answer,
 * the console's included. helmet is Connect middleware that sets its headers on Node's response
 * for each request; with this service's options none of them depends on the request, so they are
 * taken from it once and set as the reply's headers by a hook (@fastify/helmet builds them again
 * for every request, 3 % of a read; setting them one by one on Node's response, 2.7 %). `headers`
 * are `securityHeadersOf(options)`, built once and shared with the router's own refusals, which no
 * hook sees (`answerFrameworkErrors`).
 */
export const addSecurityHeaders = (instance: FastifyInstance, headers: Readonly<Record<string, string>>): void => {
  instance.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
};

/** The headers helmet sets with `options`, by lower-case name, as it sets them on a response. */
export const securityHeadersOf = (options: Readonly<HelmetOptions>): Readonly<Record<string, string>> => {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let failure: unknown = null;
  let done = false;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    failure = error ?? null;
    done = true;
  });
  // helmet calls back at once; an option it refuses (or a future version that answers later) must not start a service without its headers.
  if (!done || failure !== null) throw new Error(`security headers could not be built: ${failure === null ? 'helmet did not answer at once' : String(failure)}`);
  return headers;
};
