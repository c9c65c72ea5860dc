import { createHash } from 'node:crypto';
import { canonicalJson } from '../shared/canonical-json';
import {
  GENESIS_HASH,
  type ChainBreak,
  type EventMetadata,
  type EventToAppend,
  type RecordedEvent,
  type VerifyReport,
} from './event-store.port';

/**
 * The per-stream hash chain: every event's hash covers its own content and the previous event's
 * hash, so altering, removing or reordering a recorded event is detectable by replaying the stream.
 *
 *   hash = sha256hex(prevHash + canonicalJson({ type, data, metadata without prevHash/hash }))
 *
 * Both adapters use this module, so a stream copied from one store to the other verifies the same.
 */

/** The canonical pieces of one event, encoded once and reused for hashing, storage and idempotency checks. */
export interface EncodedEvent {
  readonly eventId: string;
  readonly type: string;
  /** canonicalJson(data). */
  readonly dataJson: string;
  /** canonicalJson(metadata without prevHash/hash). */
  readonly metadataJson: string;
}

export interface LinkedEvent extends EncodedEvent {
  readonly prevHash: string;
  readonly hash: string;
}

/** One recorded event as the verifier needs it; `content` is the canonical JSON the hash covers. */
export interface ChainEntry {
  readonly streamName: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly eventId: string;
  readonly prevHash: string;
  readonly hash: string;
  readonly content: string;
}

/** Metadata as the caller gave it, with any chain fields (e.g. from a copied recorded event) dropped. */
export const metadataWithoutChain = (metadata: EventMetadata): EventMetadata => {
  const { prevHash: _prevHash, hash: _hash, ...rest } = metadata as EventMetadata & Partial<Record<'prevHash' | 'hash', string>>;
  return rest;
};

export const encodeEvent = (event: EventToAppend): EncodedEvent => {
  if (typeof event.type !== 'string' || event.type === '') throw new TypeError('event type must be a non-empty string');
  const eventId = event.metadata?.eventId;
  if (typeof eventId !== 'string' || eventId === '') throw new TypeError(`event ${event.type}: metadata.eventId must be a non-empty string`);
  return {
    eventId,
    type: event.type,
    dataJson: canonicalJson(event.data),
    metadataJson: canonicalJson(metadataWithoutChain(event.metadata)),
  };
};

/**
 * canonicalJson({ type, data, metadata }) built from already-canonical pieces: the keys sort as
 * data < metadata < type, so concatenation gives exactly the canonical encoding of the whole.
 */
export const contentOf = (type: string, dataJson: string, metadataJson: string): string =>
  `{"data":${dataJson},"metadata":${metadataJson},"type":${JSON.stringify(type)}}`;

export const chainHash = (prevHash: string, content: string): string =>
  createHash('sha256').update(prevHash).update(content).digest('hex');

/** Links a batch of new events onto the stream whose last hash is `lastHash` (GENESIS_HASH for a new stream). */
export const linkEvents = (events: readonly EncodedEvent[], lastHash: string): LinkedEvent[] => {
  const linked: LinkedEvent[] = [];
  let prevHash = lastHash;
  for (const event of events) {
    const hash = chainHash(prevHash, contentOf(event.type, event.dataJson, event.metadataJson));
    linked.push({ ...event, prevHash, hash });
    prevHash = hash;
  }
  return linked;
};

/** Builds the verifier's view of a recorded event by re-encoding it (used where no stored canonical text exists). */
export const chainEntryOf = (event: RecordedEvent): ChainEntry => {
  const { prevHash, hash } = event.metadata;
  return {
    streamName: event.streamName,
    revision: event.revision,
    position: event.position,
    eventId: event.metadata.eventId,
    prevHash: prevHash ?? '',
    hash: hash ?? '',
    content: contentOf(event.type, canonicalJson(event.data), canonicalJson(metadataWithoutChain(event.metadata))),
  };
};

/** What the store believes the head of the stream is; lets the verifier notice removed trailing events. */
export interface StreamHead {
  readonly revision: bigint;
  readonly hash: string;
}

/**
 * Verifies one stream fed in revision order, page by page, and keeps only the first break.
 * It holds back one event so each event is judged knowing its successor: an event whose position is
 * greater than the next revision's position was moved, and that must be reported as `reordered`
 * rather than as the broken link it also causes.
 */
export class StreamChainVerifier {
  private previous: ChainEntry | null = null;
  private pending: ChainEntry | null = null;
  private found: ChainBreak | null = null;
  private checked = 0;

  constructor(readonly streamName: string) {}

  get firstBreak(): ChainBreak | null {
    return this.found;
  }

  get eventsChecked(): number {
    return this.checked;
  }

  /** True once a break is found: the rest of the stream need not be read. */
  get done(): boolean {
    return this.found !== null;
  }

  feed(entry: ChainEntry): void {
    if (this.found) return;
    if (this.pending) this.judge(this.pending, entry);
    this.pending = entry;
  }

  /** Judges the last held event; `head` (when the store records one) exposes removed trailing events. */
  finish(head?: StreamHead | null): ChainBreak | null {
    if (this.pending && !this.found) this.judge(this.pending, null);
    this.pending = null;
    if (!this.found && head) this.checkHead(head);
    return this.found;
  }

  private judge(entry: ChainEntry, next: ChainEntry | null): void {
    this.checked += 1;
    this.found = this.problemOf(entry, next);
    this.previous = entry;
  }

  private problemOf(entry: ChainEntry, next: ChainEntry | null): ChainBreak | null {
    const previous = this.previous;
    const expectedRevision = previous ? previous.revision + 1n : 0n;
    if (entry.revision > expectedRevision) {
      return this.missing(expectedRevision, `revision ${expectedRevision} is missing; next stored is revision ${entry.revision} at position ${entry.position}`);
    }
    if (entry.revision < expectedRevision) {
      return this.breakAt(entry, 'reordered', `revision ${entry.revision} appears again after revision ${expectedRevision - 1n}`);
    }
    if (previous && entry.position <= previous.position) {
      return this.breakAt(entry, 'reordered', `position ${entry.position} is not after position ${previous.position} of revision ${previous.revision}`);
    }
    if (next && next.revision === entry.revision + 1n && next.position <= entry.position) {
      return this.breakAt(entry, 'reordered', `position ${entry.position} is after position ${next.position} of the next revision ${next.revision}`);
    }
    if (chainHash(entry.prevHash, entry.content) !== entry.hash) {
      return this.breakAt(entry, 'altered', 'the stored hash does not match the event content');
    }
    const expectedPrev = previous ? previous.hash : GENESIS_HASH;
    if (entry.prevHash !== expectedPrev) {
      return this.breakAt(entry, 'broken-link', `prevHash ${entry.prevHash.slice(0, 12)}… does not match the previous hash ${expectedPrev.slice(0, 12)}…`);
    }
    return null;
  }

  private checkHead(head: StreamHead): void {
    const lastRevision = this.previous ? this.previous.revision : -1n;
    if (head.revision > lastRevision) {
      this.found = this.missing(lastRevision + 1n, `the stream head is revision ${head.revision} but the last stored event is revision ${lastRevision}`);
    } else if (this.previous && head.revision === lastRevision && head.hash !== this.previous.hash) {
      this.found = this.breakAt(this.previous, 'altered', 'the last event hash differs from the hash recorded for the stream head');
    }
  }

  private missing(revision: bigint, detail: string): ChainBreak {
    return { streamName: this.streamName, revision, position: null, eventId: null, problem: 'removed', detail };
  }

  private breakAt(entry: ChainEntry, problem: ChainBreak['problem'], detail: string): ChainBreak {
    return { streamName: this.streamName, revision: entry.revision, position: entry.position, eventId: entry.eventId, problem, detail };
  }
}

/** Verifies a whole in-memory sequence of one stream's recorded events (small streams, tests). */
export const verifyChain = (streamName: string, entries: Iterable<ChainEntry>, head?: StreamHead | null): ChainBreak | null => {
  const verifier = new StreamChainVerifier(streamName);
  for (const entry of entries) {
    verifier.feed(entry);
    if (verifier.done) break;
  }
  return verifier.finish(head);
};

/** Accumulates per-stream results into the port's report. */
export class VerifyReportBuilder {
  private streams = 0;
  private events = 0;
  private readonly breaks: ChainBreak[] = [];

  add(verifier: StreamChainVerifier): void {
    this.streams += 1;
    this.events += verifier.eventsChecked;
    if (verifier.firstBreak) this.breaks.push(verifier.firstBreak);
  }

  build(): VerifyReport {
    return { ok: this.breaks.length === 0, streamsChecked: this.streams, eventsChecked: this.events, breaks: [...this.breaks] };
  }
}
