import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import { AccessLogModule } from './access-log/access-log.module';
import { ApiCommonModule } from './common/api-common.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ConsoleModule } from './console/console.module';
import { FeedModule } from './feed/feed.module';
import { HealthModule } from './health/health.module';
import { LedgerModule } from './ledger/ledger.module';
import { MetricsModule } from './metrics/metrics.module';
import { OperationsModule } from './operations/operations.module';
import { PersonalDataModule } from './personal-data/personal-data.module';
import { AppConfig, ConfigOverrides, validateEnvironment } from '../config/app.config';
import { IntegrityModule } from './integrity/integrity.module';
import { AppConfigModule } from './config/app-config.module';
import { loggerParams, serviceLogger } from './config/logger.config';
import { EventStoreModule } from './infrastructure/event-store.module';
import { SimulationModule } from './simulation/simulation.module';
import { ProjectionsModule } from './projections/projections.module';

export interface AppOptions extends ConfigOverrides {
  /** The environment to read settings from; `process.env` when omitted. Tests pass their own. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Feature modules of the service. Add yours here (ledger commands and queries, projections, audit,
 * live feed). Every module below can already inject, without importing anything:
 *   - `EVENT_STORE` (src/infrastructure/tokens.ts), the one event store of the process;
 *   - `AppConfig` (or `ConfigService<AppConfigValues, true>`), the validated settings;
 *   - `HealthIndicatorRegistry`, to add a check (e.g. projection lag) to `GET /health`;
 *   - `CommandBus` / `QueryBus` from @nestjs/cqrs (dispatch only, see docs/architecture.md).
 */
const FEATURE_MODULES: NonNullable<DynamicModule['imports']> = [
  MetricsModule,
  HealthModule,
  IntegrityModule,
  LedgerModule,
  ProjectionsModule,
  AuditModule,
  FeedModule,
  SimulationModule,
  ConsoleModule,
  OperationsModule,
  PersonalDataModule,
  AccessLogModule,
];

@Module({})
export class AppModule {
  /** Validates the settings first (throws `ConfigValidationError`), so nothing opens with a bad configuration. */
  static forRoot(options: AppOptions = {}): DynamicModule {
    const config = validateEnvironment(options.env ?? process.env, options);
    return AppModule.withConfig(config);
  }

  /** `logger` is the service's pino instance; createApp passes the one its request log writes to. */
  static withConfig(config: AppConfig, logger: PinoLogger = serviceLogger(config)): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(logger)),
        CqrsModule.forRoot(),
        EventStoreModule,
        // Global guards run in the order their modules are imported: the caller is authenticated
        // and counted by the rate limit (AuthModule) before its request is inspected for personal
        // identifiers (ApiCommonModule) or refused for the store's state (IntegrityModule), so a
        // caller without a credential learns nothing but 401 (test/e2e/guard-order.e2e-spec.ts).
        AuthModule,
        ApiCommonModule,
        ...FEATURE_MODULES,
      ],
    };
  }
}
