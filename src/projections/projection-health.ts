import type { HealthProbe } from '../shared/health.port';
import type { RunningProjections } from './running-projections';

/** `projections` in `GET /health`: down when the runner gave up or a projection failed, with the lag. */
export const projectionsHealth = (runner: RunningProjections): HealthProbe => ({
  key: 'projections',
  probe: async () => {
    const lag = await runner.lag();
    const failed = lag.state === 'failed' || lag.builds.some((build) => build.error !== null);
    const details = { state: lag.state, headPosition: lag.headPosition, position: lag.position, behind: lag.behind };
    return failed ? { up: false, details: { ...details, message: lag.lastError ?? 'a projection failed' } } : { up: true, details };
  },
});
