import { DomainError } from '../shared/domain-error';
import type { VerifyReport } from '../shared/verify-report';

/**
 * The event-store port: the one interface every adapter (embedded SQLite, EventStoreDB) implements
 * and the one contract suite (test/contract) checks. It is framework-free on purpose: the domain,
 * the CLI and the NestJS edge all talk to this and nothing else.
 */

/** Metadata every stored event carries. The hash chain fields are filled in by the store. */
export interface EventMetadata {
  readonly eventId: string;
  readonly schemaVersion: number;
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: string;
  /** ISO-8601 instant at which the command that caused the event was accepted. */
  readonly recordedAt: string;
}

/** What a caller hands to `appendToStream`: plain data, no positions, no hashes. */
export interface EventToAppend<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
  readonly metadata: EventMetadata;
}

/** Hash-chain fields the store adds on append (SHA-256 hex; the first event's prevHash is 64 zeros). */
export interface ChainLink {
  readonly prevHash: string;
  readonly hash: string;
}

export interface RecordedEvent<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
  readonly metadata: EventMetadata & ChainLink;
  readonly streamName: string;
  /** Zero-based revision of the event inside its stream. */
  readonly revision: bigint;
  /** Position in the store's global order; strictly increasing, never reused. */
  readonly position: bigint;
}

/** The expected state of a stream before an append, as EventStoreDB defines it. */
export type ExpectedRevision = 'noStream' | 'streamExists' | 'any' | bigint;

/**
 * A key an append claims for its stream once and for ever, in the same atomic step as the append
 * (a hospital's settlement id: it may pay once, whatever person or year it is submitted for). The
 * fingerprint is the content the key was first claimed with: the same stream with the same
 * fingerprint may append under it again (a retry, or the completion of an interrupted append);
 * anything else is refused with `ReservationConflict`.
 */
export interface Reservation {
  /** Letters, digits and `-_.:`; at most 200 characters. On EventStoreDB this is the reservation stream's name. */
  readonly key: string;
  readonly fingerprint: string;
}

/**
 * Where reservations come from in events recorded before the store kept them: events of
 * `eventType` hold `keyPrefix + data[idField]`, fingerprinted by `data[fingerprintField]`. A store
 * that starts keeping reservations fills them in from such events once, oldest first.
 */
export interface ReservationSource {
  readonly eventType: string;
  readonly keyPrefix: string;
  readonly idField: string;
  readonly fingerprintField: string;
}

export interface AppendOptions {
  readonly reservations?: readonly Reservation[];
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  readonly nextExpectedRevision: bigint;
  /** Global position of the last appended event (or of the already-stored one on an idempotent no-op). */
  readonly position: bigint;
}

export interface ReadStreamOptions {
  readonly from?: bigint | 'start' | 'end';
  readonly direction?: 'forwards' | 'backwards';
  /** Upper bound on events returned; adapters default to `DEFAULT_MAX_COUNT`. */
  readonly maxCount?: number;
}

export interface EventFilter {
  readonly eventTypes?: readonly string[];
  readonly streamPrefixes?: readonly string[];
}

export interface ReadAllOptions {
  /** Exclusive: events with a position strictly greater than this are returned. Default: from the start. */
  readonly afterPosition?: bigint;
  readonly maxCount?: number;
  readonly filter?: EventFilter;
}

export interface SubscribeOptions {
  readonly afterPosition?: bigint;
  readonly filter?: EventFilter;
}

/** A catch-up-then-live subscription: iterate it, call `stop()` (or break) to end it. */
export interface Subscription<E = RecordedEvent> extends AsyncIterable<E> {
  stop(): Promise<void>;
}

export type { ChainBreak, VerifyReport } from '../shared/verify-report';
export interface EventStore {
  appendToStream(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision, options?: AppendOptions): Promise<AppendResult>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  streamExists(stream: string): Promise<boolean>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** Position of the last event in the store (0n when empty). */
  headPosition(): Promise<bigint>;
  verifyStream(stream: string): Promise<VerifyReport>;
  verifyAll(): Promise<VerifyReport>;
  close(): Promise<void>;
}

/** One event as the global-chain verifier walks it, in global order. */
export interface GlobalChainEntry {
  readonly position: bigint;
  readonly streamName: string;
  readonly revision: bigint;
  readonly eventId: string;
  readonly type: string;
  /** The event's stream-chain hash as stored. */
  readonly hash: string;
  /** The global hash the store recorded when it appended the event; null where the store keeps none (EventStoreDB). */
  readonly storedGlobalHash: string | null;
}

/**
 * What an adapter that keeps the global chain itself (SQLite) offers the verifier besides the
 * port: its stored links, read cheaply, and checks of the storage that only it can make.
 */
export interface GlobalChainSource {
  /** True when positions are 1, 2, 3, … with no gaps, so a gap is itself evidence of a deletion. */
  readonly contiguousPositions: boolean;
  globalChainPage(afterPosition: bigint, limit: number): Promise<GlobalChainEntry[]>;
  /** Problems of the storage itself (a truncated or corrupt file, a high-water mark above the last event); empty when sound. */
  storageProblems(): Promise<Array<{ problem: 'unreadable' | 'deleted-tail'; detail: string }>>;
  /** Number of events after `after` (default: the start) and at or before `position`: an anchor for incremental verification. */
  countUpTo(position: bigint, after?: bigint): Promise<bigint>;
  /**
   * Recorded ids of `sources` whose reservation row is gone, and (unless `reservedOnly`) ids recorded
   * in more than one stream; at most `limit` of each kind.
   */
  reservationProblems(sources: readonly ReservationSource[], options: { limit: number; reservedOnly: boolean }): Promise<ReservationProblem[]>;
}

/** A reservation the events contradict: the row of a recorded id is gone, or the id was recorded by two streams. */
export interface ReservationProblem {
  readonly problem: 'missing-reservation' | 'reused-id';
  readonly streamName: string | null;
  readonly revision: bigint | null;
  readonly position: bigint | null;
  readonly detail: string;
}

export const isGlobalChainSource = (store: unknown): store is GlobalChainSource =>
  typeof (store as Partial<GlobalChainSource>).globalChainPage === 'function';

export const DEFAULT_MAX_COUNT = 4096;
export const GENESIS_HASH = '0'.repeat(64);

/** Thrown when the stream's actual revision does not match the expected one (HTTP 409). */
export class WrongExpectedVersion extends DomainError {
  override readonly name: string = 'WrongExpectedVersion';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** `'noStream'` when the stream does not exist. */
    readonly actual: bigint | 'noStream',
  ) {
    super(
      'conflict',
      'WRONG_EXPECTED_VERSION',
      `stream ${stream}: expected revision ${String(expected)}, actual ${String(actual)}`,
      'another request changed this record first; read it again and retry',
    );
  }
}

/** Thrown when an event id is re-used for different content (an idempotent retry must be byte-identical). */
export class EventIdConflict extends DomainError {
  override readonly name: string = 'EventIdConflict';
  constructor(
    readonly eventId: string,
    readonly stream: string,
    /** Optional precise reason (e.g. a partially stored batch); the default message is unchanged. */
    detail?: string,
  ) {
    super('conflict', 'EVENT_ID_CONFLICT', detail ?? `event id ${eventId} already stored in ${stream} with different content`);
  }
}

/** Thrown when an append names a reservation key already held by another stream or other content. */
export class ReservationConflict extends Error {
  override readonly name = 'ReservationConflict';
  constructor(
    readonly key: string,
    /** The stream the refused append was for. */
    readonly stream: string,
    /** Who holds the key: the stream and the fingerprint it was claimed with. */
    readonly heldBy: { readonly stream: string; readonly fingerprint: string },
  ) {
    super(`key ${key} is already held by another stream or other content; refused for ${stream}`);
  }
}

/**
 * Thrown instead of appending onto a stream whose stored last event or head no longer matches its
 * hash chain: the store was altered, and nothing may be built on top of the alteration.
 */
export class StreamTampered extends Error {
  override readonly name = 'StreamTampered';
  constructor(
    readonly stream: string,
    detail: string,
  ) {
    super(`stream ${stream} does not match its hash chain (${detail}); the append is refused`);
  }
}

/** Thrown by a store that refuses every write: its verification found a break (or has not finished). */
export class StoreNotWritable extends Error {
  override readonly name = 'StoreNotWritable';
  constructor(
    readonly reason: string,
    /** Why, for the API's error body: the store failed verification, or its log could not be made durable. */
    readonly code: 'STORE_TAMPERED' | 'STORE_NOT_DURABLE' = 'STORE_TAMPERED',
  ) {
    super(`writes are refused: ${reason}`);
  }
}
