import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ACCESS_LOG_FILE, SqliteAccessLog } from '../../access-log/sqlite-access-log';
import { AppConfig } from '../../config/app.config';
import { ProjectionsModule } from '../projections/projections.module';
import { AccessLogController } from './access-log.controller';
import { AccessLogInterceptor } from './access-log.interceptor';
import { ACCESS_LOG } from './access-log.tokens';

@Injectable()
export class AccessLogLifecycle implements OnApplicationShutdown {
  constructor(@Inject(ACCESS_LOG) private readonly log: SqliteAccessLog) {}

  onApplicationShutdown(): void {
    this.log.close();
  }
}

/**
 * The access log of reads of persons' data (`DATA_DIR/access-log.sqlite`, 0600, append-only), the
 * interceptor that writes it for every route declared with `@PersonDataRead`, and the operators'
 * `GET /audit/access`. Global, because the interceptor is bound to routes of other modules'
 * controllers and is built in each of those modules.
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
    AccessLogInterceptor,
    AccessLogLifecycle,
  ],
  exports: [ACCESS_LOG, AccessLogInterceptor],
})
export class AccessLogModule {}
