import { Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import type { EventStore } from '../../event-store/event-store.port';
import type { Ledger } from '../../ledger/ledger.service';
import { PolicySimulator } from '../../simulation/policy-simulator';
import { SimulationJobs } from '../../simulation/simulation-jobs';
import { ThreadedSimulator } from '../../simulation/threaded-simulator';
import { AppConfig } from '../../config/app.config';
import { embeddedStoreOf } from '../../integrity/guarded-event-store';
import { EVENT_STORE } from '../infrastructure/tokens';
import { LedgerModule } from '../ledger/ledger.module';
import { LEDGER } from '../ledger/ledger.token';
import { SimulationsController } from './simulations.controller';

/** Cancels running simulations when the app stops, before the store closes. */
@Injectable()
export class SimulationLifecycle implements OnModuleDestroy {
  constructor(private readonly jobs: SimulationJobs) {}

  async onModuleDestroy(): Promise<void> {
    await this.jobs.close();
  }
}

@Module({
  imports: [LedgerModule],
  controllers: [SimulationsController],
  providers: [
    {
      provide: SimulationJobs,
      inject: [EVENT_STORE, LEDGER, AppConfig],
      useFactory: (store: EventStore, ledger: Ledger, config: AppConfig): SimulationJobs => {
        const local = new PolicySimulator(store, (region) => ledger.policies(region));
        // Each simulation gets a thread and a read-only store connection of its own: the service keeps
        // answering, and the thread reads only what the writer has synced (its read horizon).
        const readHorizon = embeddedStoreOf(store)?.readHorizon;
        return new SimulationJobs(new ThreadedSimulator(local, { dataDir: config.dataDir, eventStoreUrl: config.eventStoreUrl, readHorizon }, () => ledger.policies()));
      },
    },
    SimulationLifecycle,
  ],
})
export class SimulationModule {}
