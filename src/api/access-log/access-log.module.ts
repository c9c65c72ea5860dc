import { Global, Inject, Injectable, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ACCESS_LOG_FILE, SqliteAccessLog } from '../../access-log/sqlite-access-log';
import { AppConfig } from '../../config/app.config';
import { HealthIndicatorRegistry } from '../health/health-indicator.registry';
import { ProjectionsModule } from '../projections/projections.module';
import { AccessLogController } from './access-log.controller';
import { ACCESS_LOG } from './access-log.tokens';

/** Closes the log on shutdown, and reports it in `GET /health`: down once a failed sync has made it refuse the reads it records. */
@Injectable()
export class AccessLogLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(ACCESS_LOG) private readonly log: SqliteAccessLog,
    private readonly health: HealthIndicatorRegistry,
  ) {}

  onModuleInit(): void {
    this.health.registerProbe({
      key: 'accessLog',
      probe: async () => {
        const refusal = this.log.refusal();
        return refusal === null ? { up: true, details: {} } : { up: false, details: { message: refusal.message } };
      },
    });
  }

  onApplicationShutdown(): void {
    this.log.close();
  }
}

/**
 * The access log of reads of persons' data (`DATA_DIR/access-log.sqlite`, 0600, append-only) and
 * the operators' `GET /audit/access`; `createApp` adds the hooks that write it to every route
 * declared with `@PersonDataRead` (access-log.hook.ts). Global, so that any module may read it.
 */
@Global()
@Module({
  imports: [ProjectionsModule],
  controllers: [AccessLogController],
  providers: [
    { provide: ACCESS_LOG, inject: [AppConfig], useFactory: (config: AppConfig): SqliteAccessLog => {
        mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
        return new SqliteAccessLog(join(config.dataDir, ACCESS_LOG_FILE));
      },
    },
    AccessLogLifecycle,
  ],
  exports: [ACCESS_LOG],
})
export class AccessLogModule {}
