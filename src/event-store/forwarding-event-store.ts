import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  VerifyReport,
} from './event-store.port';

/**
 * A store that passes every call to the one it wraps: the base of the decorators (upcasting, the
 * integrity guard), so each overrides only what it changes. `stored` is the wrapped store, which
 * verification tools unwrap to reach the store as written.
 */
export class ForwardingEventStore implements EventStore {
  constructor(protected readonly inner: EventStore) {}

  /** The store as written, for verification tools and tests. */
  get stored(): EventStore {
    return this.inner;
  }

  appendToStream(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision, options?: AppendOptions): Promise<AppendResult> {
    return this.inner.appendToStream(stream, events, expected, options);
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
