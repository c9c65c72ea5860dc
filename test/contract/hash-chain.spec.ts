import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src/shared/canonical-json';
import { GENESIS_HASH, type EventToAppend, type RecordedEvent } from '../../src/event-store/event-store.port';
import { chainEntryOf, contentOf, encodeEvent, linkEvents, verifyChain, type ChainEntry } from '../../src/event-store/hash-chain';

const metadata = (eventId: string) => ({
  eventId,
  schemaVersion: 1,
  correlationId: 'corr',
  causationId: 'cause',
  actor: 'tester',
  recordedAt: '2024-01-01T00:00:00.000Z',
});

/** Records a linked batch the way a store would: revisions from 0, positions with gaps of `gap`. */
const record = (stream: string, events: readonly EventToAppend[], gap = 1n): RecordedEvent[] =>
  linkEvents(events.map(encodeEvent), GENESIS_HASH).map((linked, index) => ({
    type: events[index]!.type,
    data: events[index]!.data,
    metadata: { ...events[index]!.metadata, prevHash: linked.prevHash, hash: linked.hash },
    streamName: stream,
    revision: BigInt(index),
    position: 10n + BigInt(index) * gap,
  }));

const jsonValue = fc.jsonValue().filter((value) => {
  try {
    canonicalJson(value);
    return true;
  } catch {
    return false;
  }
});
const eventArb = fc.record({ type: fc.constantFrom('A', 'B', 'ClaimSettled'), data: jsonValue, id: fc.uuid() });
const streamArb = fc.uniqueArray(eventArb, { minLength: 2, maxLength: 12, selector: (event) => event.id }).map((items) =>
  items.map(({ type, data, id }): EventToAppend => ({ type, data, metadata: metadata(id) })),
);

describe('hash chain', () => {
  it('hashes sha256(prevHash + canonical JSON of type, data and metadata without chain fields)', () => {
    const event: EventToAppend = { type: 'PersonRegistered', data: { region: 'heze', personId: 'p-1' }, metadata: metadata('e-1') };
    const [linked] = linkEvents([encodeEvent(event)], GENESIS_HASH);
    const expected = createHash('sha256')
      .update(GENESIS_HASH + canonicalJson({ type: event.type, data: event.data, metadata: event.metadata }))
      .digest('hex');
    expect(linked!.hash).toBe(expected);
    expect(contentOf('T', '{}', '{"a":1}')).toBe(canonicalJson({ type: 'T', data: {}, metadata: { a: 1 } }));
  });

  it('ignores chain fields a caller leaves in the metadata', () => {
    const plain: EventToAppend = { type: 'T', data: {}, metadata: metadata('e-1') };
    const withChain = { ...plain, metadata: { ...plain.metadata, prevHash: 'x', hash: 'y' } };
    expect(encodeEvent(withChain)).toEqual(encodeEvent(plain));
  });

  it('verifies any honestly recorded stream', () =>
    fc.assert(fc.property(streamArb, (events) => verifyChain('s', record('s', events, 3n).map(chainEntryOf)) === null)));

  it('names the revision of any single altered event', () =>
    fc.assert(
      fc.property(streamArb, fc.nat(), (events, pick) => {
        const entries = record('s', events).map(chainEntryOf);
        const index = pick % entries.length;
        entries[index] = { ...entries[index]!, content: entries[index]!.content.replace(/"type":"/, '"type":"X') };
        expect(verifyChain('s', entries)).toMatchObject({ streamName: 's', revision: BigInt(index), problem: 'altered' });
      }),
    ));

  it('names the first missing revision of any removed event, including the last one given the head', () =>
    fc.assert(
      fc.property(streamArb, fc.nat(), (events, pick) => {
        const entries = record('s', events).map(chainEntryOf);
        const index = pick % entries.length;
        const head = { revision: entries[entries.length - 1]!.revision, hash: entries[entries.length - 1]!.hash };
        const kept = entries.filter((_, at) => at !== index);
        expect(verifyChain('s', kept, head)).toMatchObject({ revision: BigInt(index), problem: 'removed', position: null, eventId: null });
      }),
    ));

  it('reports two swapped revisions as reordered at the earlier revision', () =>
    fc.assert(
      fc.property(streamArb, fc.nat(), fc.nat(), (events, a, b) => {
        const entries = record('s', events).map(chainEntryOf);
        const [low, high] = [a % entries.length, b % entries.length].sort((x, y) => x - y) as [number, number];
        fc.pre(low !== high);
        const swapped: ChainEntry[] = entries.map((entry) => ({ ...entry }));
        swapped[low] = { ...entries[high]!, revision: BigInt(low) };
        swapped[high] = { ...entries[low]!, revision: BigInt(high) };
        expect(verifyChain('s', swapped)).toMatchObject({ revision: BigInt(low), problem: 'reordered' });
      }),
    ));

  it('reports a recomputed hash as a broken link at the next event', () => {
    const entries = record('s', [1, 2, 3].map((n) => ({ type: 'T', data: { n }, metadata: metadata(`e-${n}`) }))).map(chainEntryOf);
    const forged = { ...entries[1]!, content: entries[1]!.content.replace('"n":2', '"n":20') };
    entries[1] = { ...forged, hash: createHash('sha256').update(forged.prevHash + forged.content).digest('hex') };
    expect(verifyChain('s', entries)).toMatchObject({ revision: 2n, problem: 'broken-link' });
  });
});
