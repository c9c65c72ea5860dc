import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/app.config';
import { createEventStore } from '../../event-store/create-event-store';
import type { EventStore } from '../../event-store/event-store.port';
import { GuardedEventStore } from '../../integrity/guarded-event-store';
import { CLAIM_RESERVATION_SOURCE } from '../../ledger/claim-id-reused';
import { IntegrityGate } from '../../integrity/integrity-gate';
import { loadSigningKey } from '../../integrity/signing-key';
import { verifyOnStart } from '../../integrity/startup-verification';
import { EVENT_STORE, INTEGRITY_GATE } from './tokens';

const integrityLogger = new Logger('Integrity');

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
      provide: INTEGRITY_GATE,
      inject: [AppConfig],
      useFactory: (config: AppConfig): IntegrityGate => {
        const { signingKeyFile, signingKeyPem } = config.integrity;
        const key = loadSigningKey({ keyFile: signingKeyFile, keyPem: signingKeyPem, dataDir: config.dataDir });
        // The path only: the key itself never reaches a log.
        if (key.generated) integrityLogger.log(`generated the checkpoint signing key at ${key.path}`);
        return new IntegrityGate(key);
      },
    },
    {
      provide: EVENT_STORE,
      inject: [AppConfig, INTEGRITY_GATE],
      // The service checks before it writes: every module that could append (the ledger publishing
      // its seed packs, reactions, the HTTP edge) receives the store only after start-up verification.
      useFactory: async (config: AppConfig, gate: IntegrityGate): Promise<EventStore> => {
        const store = createEventStore({ dataDir: config.dataDir, eventStoreUrl: config.eventStoreUrl, reservationSources: [CLAIM_RESERVATION_SOURCE], checkpoints: config.walCheckpoints });
        await verifyOnStart(store, gate, {
          dataDir: config.dataDir,
          log: (message) => integrityLogger.log(message),
          error: (message) => integrityLogger.error(message),
        });
        return new GuardedEventStore(store, gate);
      },
    },
    EventStoreLifecycle,
  ],
  exports: [EVENT_STORE, INTEGRITY_GATE],
})
export class EventStoreModule {}
