import { describeEventStoreContract } from '../contract/event-store.contract';
import { InMemoryEventStore } from '../support/in-memory-event-store';

/**
 * The in-memory store is the projection tests' stand-in for the real adapters: it must keep the same
 * contract, or a runner test could pass against it and fail against SQLite.
 */
describeEventStoreContract('in-memory (test double)', () => new InMemoryEventStore(), {
  contiguousPositions: true,
  freshStorePerTest: true,
});
