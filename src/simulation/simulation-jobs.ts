import { randomUUID } from 'node:crypto';
import { DomainError } from '../domain/domain-error';
import { PackValidationError } from '../policy-packs/load-pack';
import { SimulationCancelled } from './policy-simulator';
import type { SimulationRunner } from './threaded-simulator';
import type { SimulationInput, SimulationReport } from './simulation.types';

/** Simulations running at once: each reads the whole region's year; more would only slow them all. */
export const SIMULATIONS_RUNNING_MAX = 2;
/** Finished simulations kept for their callers to read; the oldest is forgotten first. */
export const SIMULATIONS_KEPT_MAX = 50;

export type SimulationStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface SimulationJob {
  readonly id: string;
  readonly status: SimulationStatus;
  /** Who asked for it (the authenticated principal's id). */
  readonly requestedBy: string;
  readonly region: string;
  readonly year: number;
  readonly progress: { readonly done: number; readonly total: number };
  readonly report: SimulationReport | null;
  readonly error: { readonly code: string; readonly message: string } | null;
}

interface RunningJob {
  job: SimulationJob;
  readonly controller: AbortController;
  readonly finished: Promise<void>;
}

/**
 * The simulations of this process: started on request, run in the background in waves, read by id,
 * cancellable. Nothing here is durable: a simulation appends nothing, and a restart forgets them,
 * which costs only a rerun (the answer names the store position, so a rerun is comparable).
 */
export class SimulationJobs {
  private readonly jobs = new Map<string, RunningJob>();

  constructor(private readonly simulator: SimulationRunner) {}

  /** Validates the draft at once (a bad draft is refused before anything starts), then runs it. */
  async start(input: SimulationInput, requestedBy: string): Promise<SimulationJob> {
    if (this.running() >= SIMULATIONS_RUNNING_MAX) {
      throw new DomainError('conflict', 'SIMULATIONS_BUSY', `${SIMULATIONS_RUNNING_MAX} simulations are running; wait for one to finish or cancel one`);
    }
    this.simulator.validate(input);
    const id = randomUUID();
    const controller = new AbortController();
    const entry: RunningJob = {
      job: { id, status: 'running', requestedBy, region: input.region, year: input.againstYear ?? input.year, progress: { done: 0, total: 0 }, report: null, error: null },
      controller,
      finished: Promise.resolve(),
    };
    this.jobs.set(id, entry);
    this.forgetOldest();
    (entry as { finished: Promise<void> }).finished = this.run(entry, input);
    return entry.job;
  }

  get(id: string): SimulationJob | null {
    return this.jobs.get(id)?.job ?? null;
  }

  /** Cancels a running simulation; a finished one is left as it is. */
  async cancel(id: string): Promise<SimulationJob | null> {
    const entry = this.jobs.get(id);
    if (!entry) return null;
    entry.controller.abort();
    await entry.finished;
    return entry.job;
  }

  /** Waits for a simulation to end (tests, and callers that want the answer in one request). */
  async settled(id: string): Promise<SimulationJob | null> {
    const entry = this.jobs.get(id);
    if (!entry) return null;
    await entry.finished;
    return entry.job;
  }

  async close(): Promise<void> {
    for (const entry of this.jobs.values()) entry.controller.abort();
    await Promise.all([...this.jobs.values()].map((entry) => entry.finished));
  }

  private async run(entry: RunningJob, input: SimulationInput): Promise<void> {
    const update = (change: Partial<SimulationJob>): void => {
      entry.job = { ...entry.job, ...change };
    };
    try {
      const report = await this.simulator.simulate(input, { signal: entry.controller.signal, progress: (done, total) => update({ progress: { done, total } }) });
      update({ status: 'done', report });
    } catch (error) {
      if (error instanceof SimulationCancelled) update({ status: 'cancelled' });
      else update({ status: 'failed', error: describe(error) });
    }
  }

  private running(): number {
    return [...this.jobs.values()].filter((entry) => entry.job.status === 'running').length;
  }

  private forgetOldest(): void {
    for (const [id, entry] of this.jobs) {
      if (this.jobs.size <= SIMULATIONS_KEPT_MAX) return;
      if (entry.job.status !== 'running') this.jobs.delete(id);
    }
  }
}

const describe = (error: unknown): { code: string; message: string } => {
  if (error instanceof DomainError) return { code: error.code, message: error.message };
  if (error instanceof PackValidationError) return { code: 'INVALID_PACK', message: error.message };
  return { code: 'SIMULATION_FAILED', message: error instanceof Error ? error.message : String(error) };
};
