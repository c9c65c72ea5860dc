import type { FastifyInstance } from 'fastify';
import type { LedgerMetrics } from './ledger-metrics';

/**
 * Counts every answer with a 4xx or 5xx status, whichever layer refused it (body parser, guard,
 * throttler, pipe, filter). A Fastify hook rather than Nest middleware: with no middleware left, no
 * request passes through Fastify's middleware engine at all.
 */
export const countRefusals = (instance: FastifyInstance, metrics: LedgerMetrics): void => {
  instance.addHook('onResponse', (_request, reply, done) => {
    if (reply.statusCode >= 400) metrics.refused.inc({ status: String(reply.statusCode) });
    done();
  });
};
