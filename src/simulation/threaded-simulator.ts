import { join } from 'node:path';
import type { PublishedPack } from '../domain/policy/policy-pack';
import type { EventStoreConfig } from '../event-store/create-event-store';
import { runWorkerJob, WorkerJobCancelled } from '../shared/worker-job';
import { SimulationCancelled, type PolicySimulator, type SimulationOptions } from './policy-simulator';
import type { SimulationInput, SimulationReport } from './simulation.types';
import type { SimulationWorkerJob, SimulationWorkerProgress } from './simulation.worker';

/** What runs a simulation: in this thread (the CLI) or on a worker thread (the service). */
export type SimulationRunner = Pick<PolicySimulator, 'validate' | 'simulate'>;

/**
 * Runs each simulation on a worker thread with its own connection to the store, so a province's year
 * replayed under a draft never holds the service's event loop; cancelling terminates the thread. The
 * draft is validated here first, so a bad draft is refused before any thread starts.
 */
export class ThreadedSimulator implements SimulationRunner {
  constructor(
    private readonly local: PolicySimulator,
    private readonly store: EventStoreConfig,
    private readonly published: () => readonly PublishedPack[],
  ) {}

  validate(input: SimulationInput): ReturnType<PolicySimulator['validate']> {
    return this.local.validate(input);
  }

  async simulate(input: SimulationInput, options: SimulationOptions = {}): Promise<SimulationReport> {
    // Not validated again here: SimulationJobs.start has just validated this input on the service's
    // thread, and the worker validates it once more off that thread before it replays anything.
    const job: SimulationWorkerJob = { store: this.store, published: this.published(), input };
    const run = runWorkerJob<SimulationWorkerJob, SimulationWorkerProgress, SimulationReport>(join(__dirname, 'simulation.worker'), job, ({ done, total }) =>
      options.progress?.(done, total),
    );
    const cancel = (): void => void run.cancel();
    options.signal?.addEventListener('abort', cancel, { once: true });
    try {
      return await run.result;
    } catch (error) {
      throw error instanceof WorkerJobCancelled ? new SimulationCancelled() : error;
    } finally {
      options.signal?.removeEventListener('abort', cancel);
    }
  }
}
