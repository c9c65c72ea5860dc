import { Global, Module } from '@nestjs/common';
import { LedgerMetrics } from './ledger-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsInstrumentation } from './metrics.instrumentation';

/**
 * `GET /metrics` (operator) and the instrumentation behind it (refusals are counted by a hook,
 * `refused-requests.hook.ts`, that createApp registers). Global, so the import controllers can
 * report their progress without importing this module.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [LedgerMetrics, MetricsInstrumentation],
  exports: [LedgerMetrics],
})
export class MetricsModule {}
