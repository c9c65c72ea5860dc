import { Inject, Injectable, Logger, Module, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../config/app.config';
import type { PublishedPack } from '../../domain/policy/policy-pack';
import type { EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../infrastructure/tokens';
import { Ledger } from '../../ledger/ledger.service';
import { ReassessmentThreads } from '../../ledger/reassessment-threads';
import { embeddedStoreOf } from '../../integrity/guarded-event-store';
import { loadSeedAndOperatorPacks } from '../../policy-packs/load-pack';
import { ClaimsController } from './claims.controller';
import { CLAIMS_COMMAND_HANDLERS } from './commands/claims.handlers';
import { PERSONS_COMMAND_HANDLERS } from './commands/persons.handlers';
import { POLICIES_COMMAND_HANDLERS } from './commands/policies.handlers';
import { REASSESSMENTS_COMMAND_HANDLERS } from './commands/reassessments.handlers';
import { LEDGER } from './ledger.token';
import { PersonsController } from './persons.controller';
import { PoliciesController } from './policies.controller';
import { SEED_PACKS } from './policy-source';
import { ReassessmentReactions } from './reassessment-reactions.lifecycle';
import { ReassessmentsController } from './reassessments.controller';
import { ReadModelPersonYearIndex } from '../../projections/person-year-index.adapter';
import type { RunningProjections } from '../../projections/running-projections';
import { ReadModels } from '../../projections/read-models';
import { PROJECTION_RUNNER } from '../projections/projections.tokens';

/** The shipped packs plus the operator's (POLICY_DIR), checked as one revision set; a broken pack stops the start with every problem listed. */
export const seedPacksFor = (config: AppConfig): PublishedPack[] => loadSeedAndOperatorPacks(config.policyDir);

/** Drops the ledger's caches and stops its reassessment threads when the app stops; the store itself is closed last by EventStoreModule. */
@Injectable()
export class LedgerLifecycle implements OnModuleDestroy {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly reassessmentThreads: ReassessmentThreads,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await this.ledger.close();
    await this.reassessmentThreads.close();
  }
}

const reassessmentLogger = new Logger('Reassessment');

/**
 * The ledger's HTTP edge: controllers validate and dispatch commands on the CommandBus; each
 * controller's handler module (commands/*.handlers.ts) calls the `Ledger`, which publishes the seed packs not yet published when it opens.
 */
@Module({
  controllers: [PoliciesController, PersonsController, ClaimsController, ReassessmentsController],
  providers: [
    { provide: SEED_PACKS, inject: [AppConfig], useFactory: seedPacksFor },
    {
      provide: ReassessmentThreads,
      inject: [EVENT_STORE, AppConfig],
      // A large region is decided on threads with read-only connections of their own, under the writer's read horizon.
      useFactory: (store: EventStore, config: AppConfig): ReassessmentThreads =>
        new ReassessmentThreads({
          store: { dataDir: config.dataDir, eventStoreUrl: config.eventStoreUrl, readHorizon: embeddedStoreOf(store)?.readHorizon },
          threads: config.reassessmentThreads,
          minPersonYears: config.reassessmentThreadsMinPersonYears,
          log: (message) => reassessmentLogger.warn(message),
        }),
    },
    {
      provide: LEDGER,
      inject: [EVENT_STORE, SEED_PACKS, AppConfig, ReassessmentThreads, { token: PROJECTION_RUNNER, optional: true }, { token: ReadModels, optional: true }],
      useFactory: (
        store: EventStore,
        seedPacks: PublishedPack[],
        config: AppConfig,
        reassessmentThreads: ReassessmentThreads,
        runner?: RunningProjections,
        models?: ReadModels,
      ): Promise<Ledger> =>
        Ledger.open(store, {
          seedPacks,
          cacheEntries: config.stateCacheEntries,
          // Region-wide reassessments start from the read models' index once they have caught up; without projections they scan the log.
          personYearIndex: runner && models ? new ReadModelPersonYearIndex(models, runner) : undefined,
          reassessmentThreads,
        }),
    },
    LedgerLifecycle,
    ReassessmentReactions,
    ...PERSONS_COMMAND_HANDLERS,
    ...CLAIMS_COMMAND_HANDLERS,
    ...POLICIES_COMMAND_HANDLERS,
    ...REASSESSMENTS_COMMAND_HANDLERS,
  ],
  exports: [LEDGER],
})
export class LedgerModule {}
