import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EventStoreHealthIndicator } from './event-store.health';
import { HealthController } from './health.controller';
import { HealthIndicatorRegistry } from './health-indicator.registry';

/**
 * `GET /health`. Global so that any feature module can inject `HealthIndicatorRegistry` and add its
 * own check; it re-exports Terminus so those modules also get `HealthIndicatorService`.
 */
@Global()
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
  controllers: [HealthController],
  providers: [HealthIndicatorRegistry, EventStoreHealthIndicator],
  exports: [HealthIndicatorRegistry, TerminusModule],
})
export class HealthModule {}
