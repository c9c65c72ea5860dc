import type { PublishedPack } from '../domain/policy/policy-pack';
import { openFollowingStore, type EventStoreConfig } from '../event-store/create-event-store';
import { openPopulationIndex } from '../projections/population-index.adapter';
import { serveWorkerJob } from '../shared/worker-job';
import { PolicySimulator } from './policy-simulator';
import type { SimulationInput, SimulationReport } from './simulation.types';

/** What a simulation thread is given: where the store is, the revisions published so far, and the draft. */
export interface SimulationWorkerJob {
  readonly store: EventStoreConfig;
  readonly published: readonly PublishedPack[];
  readonly input: SimulationInput;
}

export type SimulationWorkerProgress = { readonly done: number; readonly total: number };

/**
 * A simulation on its own thread, with its own connections to the store (read-only, under the
 * writer's read horizon when the service passes it) and to the read database (whose population index
 * the service's runner keeps current): it reads, and never appends.
 */
serveWorkerJob<SimulationWorkerJob, SimulationWorkerProgress, SimulationReport>(async ({ store: config, published, input }, progress) => {
  const { store } = openFollowingStore(config);
  const population = openPopulationIndex(config.dataDir);
  try {
    const simulator = new PolicySimulator(store, (region) => published.filter((pack) => pack.ref.region === region), population?.index);
    return await simulator.simulate(input, { progress: (done, total) => progress({ done, total }) });
  } finally {
    population?.close();
    await store.close();
  }
});
