import type { EventStore, ReadAllOptions, ReadStreamOptions, RecordedEvent, SubscribeOptions, Subscription } from './event-store.port';
import { CLAIM_EVENT_UPCASTERS } from './claim-events.upcasters';
import { ForwardingEventStore } from './forwarding-event-store';

/**
 * Event versioning (docs/events.md, "Versioning and upcasting"). A stored event is never rewritten:
 * a change to a type's data is a new schemaVersion, and an upcaster turns data of version n into
 * version n + 1 when it is read. Deciders, projections and the feed then only ever see the latest
 * version of each type. Hashes cover the stored form, so verification reads the inner store.
 */
export interface Upcaster {
  readonly type: string;
  readonly fromVersion: number;
  readonly upcast: (data: unknown) => unknown;
}

/** Version 1 is the first public contract; every later step of a type is registered here. */
export const LEDGER_UPCASTERS: readonly Upcaster[] = [...CLAIM_EVENT_UPCASTERS];

/** A type's versions form a chain from 1, so a chain longer than this is a registration error. */
const MAX_CHAIN = 100;

export class UnknownSchemaVersion extends Error {
  override readonly name = 'UnknownSchemaVersion';
  constructor(readonly type: string, readonly version: number, readonly latest: number) {
    super(`${type} schemaVersion ${version} is newer than this code knows (latest ${latest}): upgrade the service before reading it`);
  }
}

export class UpcasterChain {
  private readonly steps = new Map<string, Upcaster>();
  private readonly latest = new Map<string, number>();

  constructor(upcasters: readonly Upcaster[], private readonly baseVersion = 1) {
    for (const upcaster of upcasters) {
      const key = `${upcaster.type}@${upcaster.fromVersion}`;
      if (this.steps.has(key)) throw new Error(`two upcasters for ${key}`);
      this.steps.set(key, upcaster);
      this.latest.set(upcaster.type, Math.max(this.latestOf(upcaster.type), upcaster.fromVersion + 1));
    }
  }

  latestOf(type: string): number {
    return this.latest.get(type) ?? this.baseVersion;
  }

  upcast(event: RecordedEvent): RecordedEvent {
    const latest = this.latestOf(event.type);
    let version = event.metadata.schemaVersion;
    if (version === latest) return event;
    if (version > latest) throw new UnknownSchemaVersion(event.type, version, latest);
    let data = event.data;
    for (let step = 0; version < latest; step++) {
      const upcaster = this.steps.get(`${event.type}@${version}`);
      if (!upcaster || step >= MAX_CHAIN) throw new Error(`no upcaster for ${event.type} from schemaVersion ${version}`);
      data = upcaster.upcast(data);
      version += 1;
    }
    return { ...event, data, metadata: { ...event.metadata, schemaVersion: version } };
  }
}

/** Any store, read through the upcaster chain; writes, positions and verification are the inner store's. */
export class UpcastingEventStore extends ForwardingEventStore {
  constructor(
    inner: EventStore,
    private readonly chain: UpcasterChain,
  ) {
    super(inner);
  }

  override async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readStream(stream, options)).map((event) => this.chain.upcast(event));
  }

  override async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readAll(options)).map((event) => this.chain.upcast(event));
  }

  override subscribeToAll(options?: SubscribeOptions): Subscription {
    const subscription = this.inner.subscribeToAll(options);
    const chain = this.chain;
    return {
      stop: () => subscription.stop(),
      async *[Symbol.asyncIterator]() {
        for await (const event of subscription) yield chain.upcast(event);
      },
    };
  }
}
