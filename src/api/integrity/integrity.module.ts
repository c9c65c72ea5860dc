import { Logger, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { join } from 'node:path';
import type { SqliteAccessLog } from '../../access-log/sqlite-access-log';
import { AppConfig } from '../../config/app.config';
import type { EventStore } from '../../event-store/event-store.port';
import { CheckpointSigner } from '../../integrity/checkpoint-signer';
import type { IntegrityGate } from '../../integrity/integrity-gate';
import { WITNESS_FILE } from '../../integrity/witness.file';
import { ACCESS_LOG } from '../access-log/access-log.tokens';
import { EVENT_STORE, INTEGRITY_GATE } from '../infrastructure/tokens';
import { IntegrityController } from './integrity.controller';
import { IntegrityHealthIndicator } from './integrity.health';
import { IntegrityLifecycle } from './integrity.lifecycle';
import { CHECKPOINT_SIGNER } from './integrity.tokens';
import { FullVerification } from './full-verification';
import { ReadModelCheckOffThread, ReadModelVerification } from './read-model-verification';
import { VerifyOffThread } from './verify-off-thread';
import { WriteGuard } from './write.guard';

const logger = new Logger('Integrity');

/**
 * Tamper evidence at the edge: the checkpoint signer, the 503 on writes while the store is
 * unverified or broken, the `integrity` health check, the published checkpoints and public key, and
 * the full verification (asked for, and on its schedule), and the read models' check on its
 * schedule (when one is set).
 * Start-up verification itself runs where the store is provided (EventStoreModule), before any
 * module can write.
 */
@Module({
  controllers: [IntegrityController],
  providers: [
    {
      provide: CHECKPOINT_SIGNER,
      inject: [EVENT_STORE, INTEGRITY_GATE, AppConfig, { token: ACCESS_LOG, optional: true }],
      useFactory: (store: EventStore, gate: IntegrityGate, config: AppConfig, accessLog?: SqliteAccessLog): CheckpointSigner =>
        new CheckpointSigner({
          store,
          key: gate.key,
          schedule: { everyEvents: config.integrity.checkpointEveryEvents, everySeconds: config.integrity.checkpointIntervalSeconds },
          witnessFile: join(config.dataDir, WITNESS_FILE),
          // Only a head that is on disk: a checkpoint must not vouch for entries a crash could still take.
          accessLogHead: () => accessLog?.durableHead() ?? null,
          // The next start resumes from the newest checkpoint signed here, found in the store itself:
          // nothing unsigned records where it is.
          log: (message) => logger.log(message),
        }),
    },
    IntegrityLifecycle,
    IntegrityHealthIndicator,
    VerifyOffThread,
    FullVerification,
    ReadModelCheckOffThread,
    ReadModelVerification,
    { provide: APP_GUARD, useClass: WriteGuard },
  ],
  exports: [CHECKPOINT_SIGNER, FullVerification, ReadModelVerification],
})
export class IntegrityModule {}
