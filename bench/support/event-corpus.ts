import type { EventMetadata } from '../../src/event-store/event-store.port';
import type { PopulationSpec } from '../population';
import { loadPersons, openLedgerFixture, submitClaimAt } from './ledger-fixture';
import { log, runConcurrently } from './measure';

/**
 * The events the anchors append: real ledger events, written by the ledger for a small synthetic
 * population and read back, grouped by the command that appended them. Replaying this corpus (with
 * fresh ids and stream names) gives the raw SQLite limit, our store and the peer exactly the same
 * rows: same types, same JSON payloads, same sizes, same events per command.
 */

export interface CorpusEvent {
  readonly type: string;
  readonly data: unknown;
  /** Without the chain fields: each store adds its own. */
  readonly metadata: EventMetadata;
}

export interface CorpusCommand {
  readonly stream: string;
  readonly events: readonly CorpusEvent[];
}

export interface EventCorpus {
  readonly commands: readonly CorpusCommand[];
  readonly events: number;
  /** Average bytes of JSON (data + metadata) per event, as stored. */
  readonly averageEventBytes: number;
  readonly byType: Readonly<Record<string, { readonly count: number; readonly averageBytes: number; readonly medianBytes: number }>>;
  /** Median bytes of each part of a `ClaimSettled`: where its size comes from. */
  readonly claimSettledParts: Readonly<Record<ClaimSettledPart, number>>;
}

export type ClaimSettledPart = 'trace' | 'accumulators' | 'claim' | 'other fields' | 'envelope (metadata)' | 'floor: facts only';

/**
 * The smallest a ClaimSettled could be in JSON and still say what the contract's readers need without
 * folding the stream: the event with everything derivable taken out (the trace, which a reader could
 * re-derive by settling again; the accumulators before, which are the previous claim's after; the
 * claim hash; the claim's own copies of claimId and personId), envelope included.
 */
const factsOnlyBytes = (data: Record<string, unknown>, metadata: object): number => {
  const { trace: _trace, claimHash: _hash, accumulators, claim, ...other } = data as Record<string, unknown> & { accumulators: { after: unknown }; claim: Record<string, unknown> };
  const { claimId: _claimId, personId: _personId, ...claimFacts } = claim;
  return JSON.stringify({ ...other, claim: claimFacts, accumulators: { after: accumulators.after } }).length + JSON.stringify(metadata).length;
};

const partsOfClaimSettled = (data: Record<string, unknown>, metadata: object): Record<ClaimSettledPart, number> => {
  const { trace, accumulators, claim, ...other } = data;
  return {
    trace: JSON.stringify(trace).length,
    accumulators: JSON.stringify(accumulators).length,
    claim: JSON.stringify(claim).length,
    'other fields': JSON.stringify(other).length,
    'envelope (metadata)': JSON.stringify(metadata).length,
    'floor: facts only': factsOnlyBytes(data, metadata),
  };
};

const READ_PAGE = 4096;
/** The part sizes kept for the medians: the first this many ClaimSettled events. */
const PART_SAMPLES_MAX = 10_000;
const MAX_PAGES = 10_000;

export const buildEventCorpus = async (spec: PopulationSpec): Promise<EventCorpus> => {
  log(`corpus: writing ${spec.persons} persons and ${spec.claims} claims through the ledger`);
  const fixture = await openLedgerFixture('corpus');
  try {
    await loadPersons(fixture.ledger, spec, 0, spec.persons, 64);
    await runConcurrently(spec.claims, 64, (index) => submitClaimAt(fixture.ledger, spec, index));
    const commands: Array<{ stream: string; correlationId: string; events: CorpusEvent[] }> = [];
    const byType = new Map<string, { count: number; bytes: number; sizes: number[] }>();
    const parts = new Map<ClaimSettledPart, number[]>();
    let after = 0n;
    let totalBytes = 0;
    let total = 0;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const events = await fixture.store.readAll({ afterPosition: after, maxCount: READ_PAGE });
      for (const event of events) {
        const { prevHash: _prev, hash: _hash, ...metadata } = event.metadata;
        const bytes = JSON.stringify(event.data).length + JSON.stringify(metadata).length;
        const stats = byType.get(event.type) ?? { count: 0, bytes: 0, sizes: [] };
        stats.sizes.push(bytes);
        byType.set(event.type, { count: stats.count + 1, bytes: stats.bytes + bytes, sizes: stats.sizes });
        totalBytes += bytes;
        total += 1;
        if (event.type === 'ClaimSettled') {
          for (const [part, size] of Object.entries(partsOfClaimSettled(event.data as Record<string, unknown>, metadata)) as Array<[ClaimSettledPart, number]>) {
            const sizes = parts.get(part) ?? [];
            if (sizes.length < PART_SAMPLES_MAX) sizes.push(size);
            parts.set(part, sizes);
          }
        }
        const last = commands[commands.length - 1];
        const entry: CorpusEvent = { type: event.type, data: event.data, metadata };
        // Consecutive events of one stream and one correlation were appended by one command.
        if (last && last.stream === event.streamName && last.correlationId === metadata.correlationId) last.events.push(entry);
        else commands.push({ stream: event.streamName, correlationId: metadata.correlationId, events: [entry] });
      }
      if (events.length < READ_PAGE) break;
      after = events[events.length - 1]!.position;
    }
    return {
      commands: commands.map(({ stream, events }) => ({ stream, events })),
      events: total,
      averageEventBytes: Math.round(totalBytes / Math.max(1, total)),
      byType: Object.fromEntries(
        [...byType].map(([type, stats]) => [type, { count: stats.count, averageBytes: Math.round(stats.bytes / stats.count), medianBytes: medianOf(stats.sizes) }]),
      ),
      claimSettledParts: Object.fromEntries([...parts].map(([part, sizes]) => [part, medianOf(sizes)])) as Record<ClaimSettledPart, number>,
    };
  } finally {
    await fixture.close();
  }
};

/**
 * Command `index` of an endless replay of the corpus: the corpus command at `index mod length`, in a
 * stream renamed for the cycle (so revisions start afresh) and with fresh, unique, UUID-shaped ids.
 */
export const replayCommand = (corpus: EventCorpus, index: number, eventCounter: { next: number }): CorpusCommand => {
  const base = corpus.commands[index % corpus.commands.length]!;
  const cycle = Math.floor(index / corpus.commands.length);
  return {
    stream: cycle === 0 ? base.stream : `${base.stream}~${cycle}`,
    events: base.events.map((event) => {
      const id = eventCounter.next;
      eventCounter.next += 1;
      return { type: event.type, data: event.data, metadata: { ...event.metadata, eventId: uuidOfCounter(id) } };
    }),
  };
};

/** A UUID-shaped id (version 4 layout) from a counter: same length as real ids, unique per run. */
export const uuidOfCounter = (counter: number): string => {
  const hex = counter.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex.slice(-12)}`;
};

/** Events in the first `commands` commands of a replay. */
export const eventsInReplay = (corpus: EventCorpus, commands: number): number => {
  const perCycle = corpus.events;
  const cycles = Math.floor(commands / corpus.commands.length);
  const rest = corpus.commands.slice(0, commands % corpus.commands.length).reduce((sum, command) => sum + command.events.length, 0);
  return cycles * perCycle + rest;
};

const medianOf = (values: number[]): number => {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)]!;
};
