import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/app.config';
import { createEventStore } from '../../event-store/create-event-store';
import type { EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from './tokens';

/**
 * Closes the store when the application shuts down. Nest calls `onApplicationShutdown` after every
 * module's `onModuleDestroy` and `beforeApplicationShutdown`, so feature modules that read the store
 * (projection runners, live feeds) must stop their subscriptions in one of those two hooks; the store
 * then closes last, with no reader left behind.
 */
@Injectable()
export class EventStoreLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger(EventStoreLifecycle.name);

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(signal?: string): Promise<void> {
    await this.store.close();
    this.logger.log(`event store closed${signal === undefined ? '' : ` on ${signal}`}`);
  }
}

/**
 * Provides the one `EventStore` of the process under `EVENT_STORE`, to every module (global). The
 * adapter is chosen by configuration: EventStoreDB when `EVENTSTORE_URL` is set, SQLite in
 * `DATA_DIR` otherwise.
 */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [AppConfig],
      useFactory: (config: AppConfig): EventStore =>
        createEventStore({ dataDir: config.dataDir, eventStoreUrl: config.eventStoreUrl }),
    },
    EventStoreLifecycle,
  ],
  exports: [EVENT_STORE],
})
export class EventStoreModule {}
