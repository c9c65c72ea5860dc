import type { PolicySimulator } from '../../src/simulation/policy-simulator';
import { SimulationCancelled } from '../../src/simulation/policy-simulator';
import { SimulationJobs, SIMULATIONS_RUNNING_MAX } from '../../src/simulation/simulation-jobs';
import type { SimulationInput, SimulationReport } from '../../src/simulation/simulation.types';

const input: SimulationInput = { packText: 'region: heze', region: 'heze', year: 2023 };

/** A simulator whose runs end only when the test says so, or when they are cancelled. */
const controllableSimulator = () => {
  const finishers: Array<(report: SimulationReport) => void> = [];
  const simulator = {
    validate: (given: SimulationInput) => {
      if (given.packText === 'bad') throw new Error('draft: region: must be a string');
    },
    simulate: (_given: SimulationInput, options: { signal?: AbortSignal; progress?: (done: number, total: number) => void }) =>
      new Promise<SimulationReport>((resolve, reject) => {
        options.progress?.(1, 4);
        options.signal?.addEventListener('abort', () => reject(new SimulationCancelled()));
        finishers.push(resolve);
      }),
  } as unknown as PolicySimulator;
  return { simulator, finish: (index: number) => finishers[index]!({ position: '7' } as SimulationReport) };
};

describe('SimulationJobs', () => {
  it('runs a simulation in the background and keeps its report for its caller', async () => {
    const { simulator, finish } = controllableSimulator();
    const jobs = new SimulationJobs(simulator);
    const started = await jobs.start(input, 'token:ops');
    expect(jobs.get(started.id)).toMatchObject({ status: 'running', requestedBy: 'token:ops', progress: { done: 1, total: 4 } });
    finish(0);
    expect(await jobs.settled(started.id)).toMatchObject({ status: 'done', report: { position: '7' } });
  });

  it('cancels a running simulation', async () => {
    const { simulator } = controllableSimulator();
    const jobs = new SimulationJobs(simulator);
    const started = await jobs.start(input, 'token:ops');
    expect(await jobs.cancel(started.id)).toMatchObject({ status: 'cancelled', report: null });
  });

  it(`refuses a simulation beyond ${SIMULATIONS_RUNNING_MAX} running at once`, async () => {
    const { simulator } = controllableSimulator();
    const jobs = new SimulationJobs(simulator);
    for (let index = 0; index < SIMULATIONS_RUNNING_MAX; index++) await jobs.start(input, 'token:ops');
    await expect(jobs.start(input, 'token:ops')).rejects.toMatchObject({ code: 'SIMULATIONS_BUSY', kind: 'conflict' });
    await jobs.close();
  });

  it('refuses a bad draft before starting anything', async () => {
    const { simulator } = controllableSimulator();
    const jobs = new SimulationJobs(simulator);
    await expect(jobs.start({ ...input, packText: 'bad' }, 'token:ops')).rejects.toThrow('region: must be a string');
    expect(jobs.get('anything')).toBeNull();
  });
});
