import type { Decider } from '../../src/domain/decider';

/**
 * Given/when/then for deciders, in the manner of Emmett's DeciderSpecification: given past events,
 * when a command, then the new events (or a thrown refusal). The state is always folded from the
 * given events through `evolve`, so a spec exercises decide and evolve together.
 */

export const specify = <C, S, E>(decider: Decider<C, S, E>) => ({
  given: (...events: E[]) => ({
    when: (command: C) => {
      const state = events.reduce(decider.evolve, decider.initialState());
      const run = (): E[] => decider.decide(command, state);
      return {
        then: (expected: (produced: E[]) => void): void => {
          const produced = run();
          expected(produced);
          // Evolving the produced events must never throw: decide and evolve agree on every invariant.
          produced.reduce(decider.evolve, state);
        },
        thenNothing: (): void => expect(run()).toEqual([]),
        thenRefused: (code: string): void => expect(run).toThrow(expect.objectContaining({ code }) as unknown as Error),
      };
    },
  }),
});
