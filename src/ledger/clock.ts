/** The ledger's only source of time: the domain never reads a clock, the application asks this port. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at one instant: scenario replays and tests. */
export const fixedClock = (iso: string): Clock => {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`fixedClock: not an ISO instant: ${iso}`);
  return { now: () => new Date(instant.getTime()) };
};
