import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../infrastructure/tokens';
import type { Ledger } from '../../ledger/ledger.service';
import { ReassessmentProcessManager } from '../../ledger/reassessment.process-manager';
import { READ_DATABASE } from '../projections/projections.tokens';
import type { ReadDatabase } from '../../projections/read-database';
import { readDatabaseCheckpoints } from '../../projections/process-checkpoints';
import { LEDGER } from './ledger.token';

/**
 * Runs the automatic-reassessment process manager with the service: it follows the store from its
 * checkpoint (reacting to retroactive identity changes and policy corrections, domain contract §4)
 * and stops before the store and the read database close.
 */
@Injectable()
export class ReassessmentReactions implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AutomaticReassessment');
  private readonly manager: ReassessmentProcessManager;

  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(LEDGER) ledger: Ledger, @Inject(READ_DATABASE) db: ReadDatabase) {
    this.manager = new ReassessmentProcessManager(store, ledger, readDatabaseCheckpoints(db), (message) => this.logger.error(message));
  }

  onApplicationBootstrap(): void {
    this.manager.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.manager.stop();
  }
}
