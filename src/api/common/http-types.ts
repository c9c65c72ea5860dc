import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The HTTP edge runs on Fastify (`@nestjs/platform-fastify`): on this service a read cost about a
 * fifth less CPU than on Express (docs/performance-history.md, round 11). Guards, interceptors and
 * controllers name these types, so the framework is named in one place.
 */
export type HttpRequest = FastifyRequest;
export type HttpReply = FastifyReply;

/** A request header as one string: the first of repeated values, undefined when absent. */
export const headerOf = (request: HttpRequest, name: string): string | undefined => {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};
