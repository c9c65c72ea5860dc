import type { EventStore } from '../event-store.port';

// Placeholder committed so the factory compiles for other engineers; the implementation follows shortly.
const pending = (): never => {
  throw new Error('EventStoreDbEventStore: implementation in progress');
};

export class EventStoreDbEventStore implements EventStore {
  constructor(readonly connectionString: string) {}
  appendToStream = pending;
  readStream = pending;
  readAll = pending;
  streamExists = pending;
  subscribeToAll = pending;
  headPosition = pending;
  verifyStream = pending;
  verifyAll = pending;
  close = pending;
}
