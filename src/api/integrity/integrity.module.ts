import { Logger, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { join } from 'node:path';
import { AppConfig } from '../../config/app.config';
import type { EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../infrastructure/tokens';
import { CheckpointSigner } from '../../integrity/checkpoint-signer';
import { loadSigningKey, type SigningKey } from '../../integrity/signing-key';
import { IntegrityController } from './integrity.controller';
import { IntegrityHealthIndicator } from './integrity.health';
import { IntegrityLifecycle } from './integrity.lifecycle';
import { IntegrityState } from './integrity-state';
import { CHECKPOINT_SIGNER, SIGNING_KEY } from './integrity.tokens';
import { WITNESS_FILE } from './verified-anchor.file';
import { WriteGuardInterceptor } from './write-guard.interceptor';

const logger = new Logger('Integrity');

/**
 * Tamper evidence and the write guard: the checkpoint signing key, start-up verification, the
 * signer, the 503 on writes while the store is unverified or broken, the `integrity` health check,
 * and the published checkpoints and public key.
 */
@Module({
  controllers: [IntegrityController],
  providers: [
    IntegrityState,
    {
      provide: SIGNING_KEY,
      inject: [AppConfig],
      useFactory: (config: AppConfig): SigningKey => {
        const { signingKeyFile, signingKeyPem } = config.integrity;
        const key = loadSigningKey({ keyFile: signingKeyFile, keyPem: signingKeyPem, dataDir: config.dataDir });
        // The path only: the key itself never reaches a log.
        if (key.generated) logger.log(`generated the checkpoint signing key at ${key.path}`);
        return key;
      },
    },
    {
      provide: CHECKPOINT_SIGNER,
      inject: [EVENT_STORE, SIGNING_KEY, AppConfig],
      useFactory: (store: EventStore, key: SigningKey, config: AppConfig): CheckpointSigner =>
        new CheckpointSigner({
          store,
          key,
          schedule: { everyEvents: config.integrity.checkpointEveryEvents, everySeconds: config.integrity.checkpointIntervalSeconds },
          witnessFile: join(config.dataDir, WITNESS_FILE),
          log: (message) => logger.log(message),
        }),
    },
    IntegrityLifecycle,
    IntegrityHealthIndicator,
    { provide: APP_INTERCEPTOR, useClass: WriteGuardInterceptor },
  ],
  exports: [IntegrityState, SIGNING_KEY, CHECKPOINT_SIGNER],
})
export class IntegrityModule {}
