import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig } from '../../config/app.config';

/**
 * Makes the already-validated settings available everywhere, two ways: inject `AppConfig` for typed
 * fields, or `ConfigService<AppConfigValues, true>` with `get('port', { infer: true })`.
 *
 * Validation happens before Nest starts (in `AppModule.forRoot`), not inside `ConfigModule`, because
 * `ConfigModule` reads and writes `process.env` globally: tests that boot several apps in one
 * process each need their own environment, and an invalid setting should stop start-up before any
 * provider (such as the event store) opens a file or a connection.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          validatePredefined: false,
          skipProcessEnv: true,
          load: [() => toValues(config)],
        }),
      ],
      providers: [{ provide: AppConfig, useValue: config }],
      exports: [AppConfig, ConfigModule],
    };
  }
}

/** The plain-object view `ConfigService` serves; same fields as `AppConfig`. */
export interface AppConfigValues {
  readonly port: number;
  readonly dataDir: string;
  readonly eventStoreUrl: string | undefined;
  readonly logLevel: AppConfig['logLevel'];
  readonly policyDir: string | undefined;
  readonly nodeEnv: string | undefined;
  readonly stateCacheEntries: number;
}

const toValues = (config: AppConfig): AppConfigValues => ({
  port: config.port,
  dataDir: config.dataDir,
  eventStoreUrl: config.eventStoreUrl,
  logLevel: config.logLevel,
  policyDir: config.policyDir,
  nodeEnv: config.nodeEnv,
  stateCacheEntries: config.stateCacheEntries,
});
