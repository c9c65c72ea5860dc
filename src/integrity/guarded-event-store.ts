import {
  StoreNotWritable,
  StreamTampered,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  type VerifyReport,
} from '../event-store/event-store.port';
import type { IntegrityGate } from './integrity-gate';

/**
 * The store as the service uses it: reads pass through; an append is refused unless the store has
 * passed verification, and an append the adapter refuses because a stream no longer matches its
 * chain marks the whole store broken.
 */
export class GuardedEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly gate: IntegrityGate,
  ) {}

  /** The store as written, for verification tools. */
  get stored(): EventStore {
    return this.inner;
  }

  async appendToStream(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision, options?: AppendOptions): Promise<AppendResult> {
    if (!this.gate.writable) throw new StoreNotWritable(this.gate.reason);
    try {
      return await this.inner.appendToStream(stream, events, expected, options);
    } catch (error) {
      if (error instanceof StreamTampered) this.gate.broken(error.message);
      throw error;
    }
  }

  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.inner.readStream(stream, options);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }

  streamExists(stream: string): Promise<boolean> {
    return this.inner.streamExists(stream);
  }

  subscribeToAll(options?: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll(options);
  }

  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
  }

  verifyStream(stream: string): Promise<VerifyReport> {
    return this.inner.verifyStream(stream);
  }

  verifyAll(): Promise<VerifyReport> {
    return this.inner.verifyAll();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** The store under any decorators (guard, upcasting): what verification and the adapter-specific checks need. */
export const innermostStore = (store: EventStore): EventStore => {
  let current = store;
  for (let depth = 0; depth < 8 && 'stored' in current; depth += 1) current = (current as EventStore & { stored: EventStore }).stored;
  return current;
};
