import { HttpStatus, ServiceUnavailableException } from '@nestjs/common';
import type { RunningProjections } from '../../projections/running-projections';
import { ClientCausedUnavailable } from '../common/client-caused-unavailable';
import { optionalPosition } from './query-params';

/** How long a read waits for the projections to reach `minPosition` before answering 503. */
export const READ_YOUR_WRITES_TIMEOUT_MS = 5000;

export const MIN_POSITION_QUERY = {
  name: 'minPosition',
  required: false,
  example: '42',
  description:
    'Read-your-writes: the `position` a write answered with. The read waits (up to 5 s) until the projections have reached it, else answers 503 PROJECTION_BEHIND.',
} as const;

/**
 * Read-your-writes: waits until the projections have reached the position a write returned, else 503.
 * A position past the store's head after the wait was never answered to a write: the caller made it
 * up (or brought it from another deployment), so the 503 is marked as the caller's, to be logged as
 * a warning; a position within the head means the projections lag, a fault of the service.
 */
export const caughtUp = async (runner: RunningProjections, query: Record<string, unknown>): Promise<void> => {
  const position = optionalPosition(query.minPosition, 'minPosition');
  if (position === null || (await runner.waitForPosition(position, READ_YOUR_WRITES_TIMEOUT_MS))) return;
  const body = { statusCode: HttpStatus.SERVICE_UNAVAILABLE, code: 'PROJECTION_BEHIND', message: `the read models have not reached position ${position} yet; retry shortly` };
  const head = BigInt((await runner.lag()).headPosition);
  throw position > head ? new ClientCausedUnavailable(body) : new ServiceUnavailableException(body);
};
