import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { HealthIndicatorRegistry } from '../health/health-indicator.registry';
import { AppConfig } from '../../config/app.config';
import type { EventStore } from '../../event-store/event-store.port';
import { embeddedStoreOf } from '../../integrity/guarded-event-store';
import { EVENT_STORE } from '../infrastructure/tokens';
import { LEDGER_PROJECTIONS } from '../../projections/ledger-projections';
import { projectionsHealth } from '../../projections/projection-health';
import { ProjectionRunner } from '../../projections/projection.runner';
import type { RunningProjections } from '../../projections/running-projections';
import { ThreadedProjectionRunner } from '../../projections/threaded-projection-runner';
import { PROJECTION_RUNNER, READ_DATABASE } from './projections.tokens';
import { openReadDatabase, type ReadDatabase } from '../../projections/read-database';
import { ReadModels } from '../../projections/read-models';

/**
 * Starts the runner when the application has started and stops it before shutdown, so the store,
 * closed last by EventStoreModule, has no reader left; the read database closes in the last phase. It also adds
 * `projections` to `GET /health`: down when the runner gave up or a projection failed, with the lag.
 */
@Injectable()
export class ProjectionsLifecycle implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');

  constructor(
    @Inject(PROJECTION_RUNNER) private readonly runner: RunningProjections,
    @Inject(READ_DATABASE) private readonly db: ReadDatabase,
    private readonly registry: HealthIndicatorRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.registerProbe(projectionsHealth(this.runner));
  }

  /** Not awaited: a long catch-up must not hold the server back; health shows the lag meanwhile. */
  onApplicationBootstrap(): void {
    this.runner.start().catch((error: unknown) => this.logger.error(`projection runner did not start: ${String(error)}`));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }

  /** Last of all, so that any other reader of the read database has stopped in an earlier hook. */
  onApplicationShutdown(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * The read side: one read database (`read-models.sqlite` in DATA_DIR), the runner that keeps every
 * ledger projection up to date from the store, and `ReadModels` to query them. Global, so other
 * modules can inject the runner for read-your-writes: `await runner.waitForPosition(position, ms)`.
 */
@Global()
@Module({
  providers: [
    { provide: READ_DATABASE, inject: [AppConfig], useFactory: (config: AppConfig): ReadDatabase => openReadDatabase(config.dataDir) },
    {
      provide: PROJECTION_RUNNER,
      inject: [EVENT_STORE, READ_DATABASE, AppConfig],
      useFactory: (store: EventStore, db: ReadDatabase, config: AppConfig): RunningProjections => {
        const logger = new Logger('ProjectionRunner');
        const log = (level: 'info' | 'warn', message: string): void => (level === 'warn' ? logger.warn(message) : logger.log(message));
        const { walCheckpoints } = config;
        if (config.projectionsThread === 'main') return new ProjectionRunner(store, db, LEDGER_PROJECTIONS, { log, walCheckpoints });
        const writer = embeddedStoreOf(store);
        return new ThreadedProjectionRunner({
          store: { dataDir: config.dataDir, eventStoreUrl: config.eventStoreUrl, readHorizon: writer?.readHorizon },
          dataDir: config.dataDir,
          headPosition: () => store.headPosition(),
          onAppended: writer === null ? undefined : (listener) => writer.onAppended(listener),
          log,
          walCheckpoints,
        });
      },
    },
    { provide: ReadModels, inject: [READ_DATABASE], useFactory: (db: ReadDatabase): ReadModels => new ReadModels(db) },
    ProjectionsLifecycle,
  ],
  exports: [READ_DATABASE, PROJECTION_RUNNER, ReadModels],
})
export class ProjectionsModule {}
