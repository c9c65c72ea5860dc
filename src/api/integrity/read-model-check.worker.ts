import { createEventStore, type EventStoreConfig } from '../../event-store/create-event-store';
import { LEDGER_PROJECTIONS } from '../../projections/ledger-projections';
import { checkReadModelsInDataDir, SCHEDULED_CHECK_SCRATCH_PREFIX, type ReadModelCheck } from '../../projections/read-model-check';
import { removeScratchDirectories } from '../../projections/scratch-directories';
import { serveWorkerJob } from '../../shared/worker-job';

/** What a read-model check thread is given: where the store and the read database are. */
export interface ReadModelCheckJob {
  readonly store: EventStoreConfig;
  readonly dataDir: string;
}

/**
 * Worker-thread entry of the scheduled read-model check (src/projections/read-model-check.ts): opens
 * its own connection to the store, rebuilds every projection into scratch space and compares. A
 * rebuild takes minutes at scale; on its own thread it leaves the service's event loop free.
 */
serveWorkerJob<ReadModelCheckJob, never, ReadModelCheck>(async ({ store: config, dataDir }) => {
  // A check stopped by the last shutdown (its thread terminated) could not remove its scratch space.
  removeScratchDirectories(dataDir, SCHEDULED_CHECK_SCRATCH_PREFIX);
  const store = createEventStore(config);
  try {
    return await checkReadModelsInDataDir({ store, dataDir, scratchPrefix: SCHEDULED_CHECK_SCRATCH_PREFIX, projections: LEDGER_PROJECTIONS });
  } finally {
    await store.close();
  }
});
