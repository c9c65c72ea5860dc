import { Inject, Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../config/app.config';
import type { PublishedPack } from '../../domain/policy/policy-pack';
import type { EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../infrastructure/tokens';
import { Ledger } from '../../ledger/ledger.service';
import { loadPackDirectory, loadSeedPacks } from '../../policy-packs/load-pack';
import { ClaimsController } from './claims.controller';
import { ApplyForOneTimeAssistanceHandler } from './commands/apply-for-one-time-assistance.handler';
import { EnrollPersonHandler } from './commands/enroll-person.handler';
import { PublishPolicyHandler } from './commands/publish-policy.handler';
import { ReassessHandler } from './commands/reassess.handler';
import { RecognizeIdentityHandler } from './commands/recognize-identity.handler';
import { RegisterPersonHandler } from './commands/register-person.handler';
import { RevokeIdentityHandler } from './commands/revoke-identity.handler';
import { SubmitClaimHandler } from './commands/submit-claim.handler';
import { LEDGER } from './ledger.token';
import { PersonsController } from './persons.controller';
import { PoliciesController } from './policies.controller';
import { SEED_PACKS } from './policy-source';
import { ReassessmentReactions } from './reassessment-reactions.lifecycle';
import { ReassessmentsController } from './reassessments.controller';

/** The shipped packs plus the operator's (POLICY_DIR); a broken pack stops the start with every problem listed. */
export const seedPacksFor = (config: AppConfig): PublishedPack[] => [
  ...loadSeedPacks(),
  ...(config.policyDir === undefined ? [] : loadPackDirectory(config.policyDir)),
];

/** Drops the ledger's caches when the app stops; the store itself is closed last by EventStoreModule. */
@Injectable()
export class LedgerLifecycle implements OnModuleDestroy {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  async onModuleDestroy(): Promise<void> {
    await this.ledger.close();
  }
}

/**
 * The ledger's HTTP edge: controllers validate and dispatch commands on the CommandBus; one handler
 * per command calls the `Ledger`, which publishes the seed packs not yet published when it opens.
 */
@Module({
  controllers: [PoliciesController, PersonsController, ClaimsController, ReassessmentsController],
  providers: [
    { provide: SEED_PACKS, inject: [AppConfig], useFactory: seedPacksFor },
    {
      provide: LEDGER,
      inject: [EVENT_STORE, SEED_PACKS],
      useFactory: (store: EventStore, seedPacks: PublishedPack[]): Promise<Ledger> => Ledger.open(store, { seedPacks }),
    },
    LedgerLifecycle,
    ReassessmentReactions,
    RegisterPersonHandler,
    RecognizeIdentityHandler,
    RevokeIdentityHandler,
    EnrollPersonHandler,
    SubmitClaimHandler,
    PublishPolicyHandler,
    ReassessHandler,
    ApplyForOneTimeAssistanceHandler,
  ],
  exports: [LEDGER],
})
export class LedgerModule {}
