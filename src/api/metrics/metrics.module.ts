import { Global, Injectable, Module, type MiddlewareConsumer, type NestMiddleware, type NestModule } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LedgerMetrics } from './ledger-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsInstrumentation } from './metrics.instrumentation';

/** Counts every response with a 4xx or 5xx status, whichever layer refused it (guard, throttler, pipe, filter). */
@Injectable()
export class RefusedRequestsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: LedgerMetrics) {}

  /** Nest middleware on Fastify is handed Node's own request and response. */
  use(_request: IncomingMessage, response: ServerResponse, next: () => void): void {
    response.on('finish', () => {
      if (response.statusCode >= 400) this.metrics.refused.inc({ status: String(response.statusCode) });
    });
    next();
  }
}

/**
 * `GET /metrics` (operator) and the instrumentation behind it. Global, so the import controllers can
 * report their progress without importing this module.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [LedgerMetrics, MetricsInstrumentation, RefusedRequestsMiddleware],
  exports: [LedgerMetrics],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RefusedRequestsMiddleware).forRoutes('{*path}');
  }
}
