import { randomUUID } from 'node:crypto';
import {
  EventIdConflict,
  GENESIS_HASH,
  ReservationConflict,
  StreamTampered,
  WrongExpectedVersion,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type RecordedEvent,
  type Subscription,
} from '../../src/event-store/event-store.port';

/**
 * The one contract every event-store adapter must pass. Stream names and event types carry a
 * per-run tag, and reads across streams are bounded by the head before the test and by that tag,
 * so the suite can run again and again against a long-lived EventStoreDB server.
 */

/** Ways to corrupt stored rows behind the store's back, for adapters whose storage allows it. */
export interface TamperHooks<S extends EventStore> {
  alterData(store: S, stream: string, revision: bigint): void | Promise<void>;
  removeEvent(store: S, stream: string, revision: bigint): void | Promise<void>;
  swapRevisions(store: S, stream: string, first: bigint, second: bigint): void | Promise<void>;
}

export interface ContractOptions<S extends EventStore> {
  readonly tamper?: TamperHooks<S>;
  /** True when global positions are 1, 2, 3, … (SQLite); EventStoreDB commit positions only increase. */
  readonly contiguousPositions?: boolean;
  /** True when `makeStore` returns an empty store, so store-wide results (verifyAll) can be asserted exactly. */
  readonly freshStorePerTest?: boolean;
}

const run = randomUUID().replace(/-/g, '').slice(0, 10);
let streamCounter = 0;

/** A stream name unique to this run, under a per-run prefix for its kind. */
export const prefixOf = (kind: string): string => `${kind}_${run}_`;
export const newStream = (kind = 'contract'): string => `${prefixOf(kind)}${(streamCounter += 1)}`;
export const typeOf = (name: string): string => `${name}_${run}`;

export const anEvent = (type: string, data: Record<string, unknown> = {}, eventId: string = randomUUID()): EventToAppend => ({
  type,
  data,
  metadata: {
    eventId,
    schemaVersion: 1,
    correlationId: 'corr-1',
    causationId: 'cause-1',
    actor: 'contract-suite',
    recordedAt: '2024-03-01T08:00:00.000Z',
  },
});

const events = (count: number, type = typeOf('Happened')): EventToAppend[] =>
  Array.from({ length: count }, (_, index) => anEvent(type, { index, amount: `${index}.00` }));

const revisionsOf = (recorded: readonly RecordedEvent[]): bigint[] => recorded.map((event) => event.revision);

const expectWrongVersion = async (
  attempt: Promise<unknown>,
  expected: ExpectedRevision,
  actual: bigint | 'noStream',
): Promise<void> => {
  const error: unknown = await attempt.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WrongExpectedVersion);
  expect((error as WrongExpectedVersion).expected).toBe(expected);
  expect((error as WrongExpectedVersion).actual).toBe(actual);
};

/** Collects `count` events from a subscription, failing (instead of hanging) after `timeoutMs`. */
export const take = async (subscription: Subscription, count: number, timeoutMs = 5000): Promise<RecordedEvent[]> => {
  const taken: RecordedEvent[] = [];
  const iterator = subscription[Symbol.asyncIterator]();
  const deadline = Date.now() + timeoutMs;
  while (taken.length < count) {
    const remaining = deadline - Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(remaining, 0));
    });
    const result = await Promise.race([iterator.next(), timeout]);
    clearTimeout(timer);
    if (result === 'timeout') throw new Error(`subscription delivered ${taken.length} of ${count} events within ${timeoutMs} ms`);
    if (result.done) break;
    taken.push(result.value);
  }
  return taken;
};

export const describeEventStoreContract = <S extends EventStore>(
  name: string,
  makeStore: () => S | Promise<S>,
  options: ContractOptions<S> = {},
): void => {
  describe(`${name}: event-store contract`, () => {
    let store: S;

    beforeEach(async () => {
      store = await makeStore();
    });

    afterEach(async () => {
      await store.close();
    });

    describe('appending and revisions', () => {
      it('numbers a new stream from revision 0 and chains hashes from the genesis hash', async () => {
        const stream = newStream();
        const result = await store.appendToStream(stream, events(3), 'noStream');
        const recorded = await store.readStream(stream);
        expect(result.nextExpectedRevision).toBe(2n);
        expect(revisionsOf(recorded)).toEqual([0n, 1n, 2n]);
        expect(result.position).toBe(recorded[2]!.position);
        expect(recorded[0]!.metadata.prevHash).toBe(GENESIS_HASH);
        expect(recorded[1]!.metadata.prevHash).toBe(recorded[0]!.metadata.hash);
        expect(recorded[0]!.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(await store.streamExists(stream)).toBe(true);
      });

      it('returns the stored type, data and metadata unchanged', async () => {
        const stream = newStream();
        const event = anEvent(typeOf('ClaimSettled'), { claimId: 'c-1', payouts: { basic: '937.80' }, list: [1, 'two', null] });
        await store.appendToStream(stream, [event], 'noStream');
        const [recorded] = await store.readStream(stream);
        expect(recorded!.type).toBe(event.type);
        expect(recorded!.data).toEqual(event.data);
        expect(recorded!.metadata).toMatchObject(event.metadata);
        expect(recorded!.streamName).toBe(stream);
      });

      it('reports a missing stream as not existing and reads it as empty', async () => {
        const stream = newStream();
        expect(await store.streamExists(stream)).toBe(false);
        expect(await store.readStream(stream)).toEqual([]);
        expect(await store.readStream(stream, { direction: 'backwards' })).toEqual([]);
      });
    });

    describe('expected revision', () => {
      const existingStream = async (): Promise<string> => {
        const stream = newStream();
        await store.appendToStream(stream, events(1), 'noStream');
        return stream;
      };

      it('accepts noStream on a new stream and refuses it on an existing one', async () => {
        const stream = await existingStream();
        await expectWrongVersion(store.appendToStream(stream, events(1), 'noStream'), 'noStream', 0n);
      });

      it('refuses streamExists on a missing stream and accepts it on an existing one', async () => {
        await expectWrongVersion(store.appendToStream(newStream(), events(1), 'streamExists'), 'streamExists', 'noStream');
        const stream = await existingStream();
        expect((await store.appendToStream(stream, events(1), 'streamExists')).nextExpectedRevision).toBe(1n);
      });

      it('accepts any on both a missing and an existing stream', async () => {
        const stream = newStream();
        expect((await store.appendToStream(stream, events(1), 'any')).nextExpectedRevision).toBe(0n);
        expect((await store.appendToStream(stream, events(2), 'any')).nextExpectedRevision).toBe(2n);
      });

      it('accepts the exact current revision and refuses another one with expected and actual', async () => {
        const stream = await existingStream();
        expect((await store.appendToStream(stream, events(1), 0n)).nextExpectedRevision).toBe(1n);
        await expectWrongVersion(store.appendToStream(stream, events(1), 0n), 0n, 1n);
        await expectWrongVersion(store.appendToStream(stream, events(1), 5n), 5n, 1n);
        await expectWrongVersion(store.appendToStream(newStream(), events(1), 0n), 0n, 'noStream');
        expect(revisionsOf(await store.readStream(stream))).toEqual([0n, 1n]);
      });

      it('lets exactly one of several concurrent appends with the same expected revision win', async () => {
        const stream = await existingStream();
        const attempts = await Promise.allSettled(Array.from({ length: 8 }, () => store.appendToStream(stream, events(2), 0n)));
        const won = attempts.filter((attempt) => attempt.status === 'fulfilled');
        const lost = attempts.filter((attempt): attempt is PromiseRejectedResult => attempt.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(7);
        for (const { reason } of lost) {
          expect(reason).toBeInstanceOf(WrongExpectedVersion);
          expect((reason as WrongExpectedVersion).actual).toBe(2n);
        }
        expect(revisionsOf(await store.readStream(stream))).toEqual([0n, 1n, 2n]);
      });
    });

    describe('idempotent appends', () => {
      it('turns a byte-identical retry into a no-op with the original revision and position', async () => {
        const stream = newStream();
        const batch = events(2);
        const first = await store.appendToStream(stream, batch, 'noStream');
        const head = await store.headPosition();
        const retry = await store.appendToStream(stream, batch, 'noStream');
        expect(retry).toEqual(first);
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('answers a retry as a no-op even after the stream has moved on', async () => {
        const stream = newStream();
        const batch = events(1);
        const first = await store.appendToStream(stream, batch, 'noStream');
        await store.appendToStream(stream, events(1), 0n);
        expect(await store.appendToStream(stream, batch, 'noStream')).toEqual(first);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('refuses an event id reused with other content', async () => {
        const stream = newStream();
        const [event] = events(1);
        await store.appendToStream(stream, [event!], 'noStream');
        const altered = anEvent(event!.type, { index: 99 }, event!.metadata.eventId);
        await expect(store.appendToStream(stream, [altered], 'any')).rejects.toBeInstanceOf(EventIdConflict);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('refuses a batch of which only part is stored', async () => {
        const stream = newStream();
        const batch = events(2);
        await store.appendToStream(stream, [batch[0]!], 'noStream');
        await expect(store.appendToStream(stream, batch, 'any')).rejects.toBeInstanceOf(EventIdConflict);
        expect(await store.readStream(stream)).toHaveLength(1);
      });
    });

    describe('reservations (a key held once ever, across streams)', () => {
      const key = (): string => `claim-${run}-${(streamCounter += 1)}`;

      it('lets exactly one of concurrent appends to different person-years under one key win, and the others append nothing', async () => {
        const claimKey = key();
        // Different persons and different years: eight streams racing for one settlement id.
        const streams = Array.from({ length: 8 }, (_, index) => `${newStream('reserve')}-p${index % 4}-${2023 + (index % 2)}`);
        const attempts = await Promise.allSettled(
          streams.map((stream, index) => store.appendToStream(stream, events(1), 'noStream', { reservations: [{ key: claimKey, fingerprint: `payload-${index}` }] })),
        );
        const won = attempts.flatMap((attempt, index) => (attempt.status === 'fulfilled' ? [streams[index]!] : []));
        expect(won).toHaveLength(1);
        for (const attempt of attempts) {
          if (attempt.status === 'fulfilled') continue;
          expect(attempt.reason).toBeInstanceOf(ReservationConflict);
          expect((attempt.reason as ReservationConflict).heldBy.stream).toBe(won[0]);
        }
        for (const stream of streams) expect(await store.readStream(stream)).toHaveLength(stream === won[0] ? 1 : 0);
      });

      it('lets concurrent identical submissions (same stream, same fingerprint) all succeed with one stored event', async () => {
        const claimKey = key();
        const stream = newStream('reserve');
        const batch = events(1);
        const results = await Promise.all(
          Array.from({ length: 6 }, () => store.appendToStream(stream, batch, 'noStream', { reservations: [{ key: claimKey, fingerprint: 'same' }] })),
        );
        expect(new Set(results.map((result) => result.position)).size).toBe(1);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('refuses the key for other content on the same stream, and for the same content on another stream', async () => {
        const claimKey = key();
        const [stream, other] = [newStream('reserve'), newStream('reserve')];
        await store.appendToStream(stream, events(1), 'noStream', { reservations: [{ key: claimKey, fingerprint: 'first' }] });
        await expect(store.appendToStream(stream, events(1), 0n, { reservations: [{ key: claimKey, fingerprint: 'second' }] })).rejects.toBeInstanceOf(ReservationConflict);
        await expect(store.appendToStream(other, events(1), 'noStream', { reservations: [{ key: claimKey, fingerprint: 'first' }] })).rejects.toMatchObject({
          key: claimKey,
          stream: other,
          heldBy: { stream, fingerprint: 'first' },
        });
        expect(await store.readStream(stream)).toHaveLength(1);
        expect(await store.streamExists(other)).toBe(false);
      });

      it('lets the holder append under its key again (a retry, or completing an append interrupted after the reservation)', async () => {
        const claimKey = key();
        const stream = newStream('reserve');
        await store.appendToStream(stream, events(1), 'noStream', { reservations: [{ key: claimKey, fingerprint: 'mine' }] });
        const again = await store.appendToStream(stream, events(1), 0n, { reservations: [{ key: claimKey, fingerprint: 'mine' }] });
        expect(again.nextExpectedRevision).toBe(1n);
      });

      it('keeps reservation bookkeeping out of readAll', async () => {
        const before = await store.headPosition();
        const stream = newStream('reserve');
        await store.appendToStream(stream, events(1), 'noStream', { reservations: [{ key: key(), fingerprint: 'x' }] });
        const all = await store.readAll({ afterPosition: before });
        expect(all.map((event) => event.streamName)).toEqual([stream]);
      });
    });

    describe('reading', () => {
      it('keeps one global order across streams', async () => {
        const before = await store.headPosition();
        const [a, b, c] = [newStream('order'), newStream('order'), newStream('order')];
        const plan: Array<[string, number]> = [[a, 0], [b, 0], [a, 1], [c, 0], [b, 1]];
        for (const [stream, index] of plan) await store.appendToStream(stream, [anEvent(typeOf('Ordered'), { index })], 'any');
        const all = await store.readAll({ afterPosition: before, filter: { streamPrefixes: [prefixOf('order')] } });
        expect(all.map((event) => [event.streamName, event.revision])).toEqual(plan.map(([stream, index]) => [stream, BigInt(index)]));
        all.slice(1).forEach((event, index) => expect(event.position).toBeGreaterThan(all[index]!.position));
        expect(await store.headPosition()).toBe(all[all.length - 1]!.position);
      });

      it('reads a stream forwards and backwards, from a revision, the start or the end, bounded by maxCount', async () => {
        const stream = newStream();
        await store.appendToStream(stream, events(5), 'noStream');
        const read = async (readOptions: Parameters<EventStore['readStream']>[1]): Promise<bigint[]> =>
          revisionsOf(await store.readStream(stream, readOptions));
        expect(await read({})).toEqual([0n, 1n, 2n, 3n, 4n]);
        expect(await read({ from: 2n })).toEqual([2n, 3n, 4n]);
        expect(await read({ maxCount: 2 })).toEqual([0n, 1n]);
        expect(await read({ direction: 'backwards' })).toEqual([4n, 3n, 2n, 1n, 0n]);
        expect(await read({ direction: 'backwards', from: 3n, maxCount: 2 })).toEqual([3n, 2n]);
        expect(await read({ direction: 'backwards', from: 'end', maxCount: 1 })).toEqual([4n]);
        expect(await read({ direction: 'backwards', from: 'start' })).toEqual([0n]);
        expect(await read({ from: 'end' })).toEqual([]);
        expect(await read({ from: 9n })).toEqual([]);
      });

      it('filters readAll by event type, by stream prefix and by both, and pages with afterPosition', async () => {
        const before = await store.headPosition();
        const [alpha, beta] = [typeOf('Alpha'), typeOf('Beta')];
        const [persons, claims] = [newStream('person'), newStream('claim')];
        await store.appendToStream(persons, [anEvent(alpha), anEvent(beta), anEvent(alpha)], 'noStream');
        await store.appendToStream(claims, [anEvent(beta), anEvent(alpha)], 'noStream');
        const summary = (recorded: RecordedEvent[]): string[] => recorded.map((event) => `${event.streamName}#${event.revision}`);
        const read = (filter: { eventTypes?: string[]; streamPrefixes?: string[] }) => store.readAll({ afterPosition: before, filter });
        expect(summary(await read({ eventTypes: [alpha] }))).toEqual([`${persons}#0`, `${persons}#2`, `${claims}#1`]);
        expect(summary(await read({ eventTypes: [alpha, beta], streamPrefixes: [prefixOf('claim')] }))).toEqual([`${claims}#0`, `${claims}#1`]);
        expect(summary(await read({ streamPrefixes: [prefixOf('person'), prefixOf('claim')] }))).toHaveLength(5);
        expect(summary(await read({ eventTypes: [beta], streamPrefixes: [prefixOf('person')] }))).toEqual([`${persons}#1`]);
        expect(await read({ eventTypes: [typeOf('Never')] })).toEqual([]);

        const paged: RecordedEvent[] = [];
        let after = before;
        for (let page = 0; page < 10; page += 1) {
          const batch = await store.readAll({ afterPosition: after, maxCount: 2, filter: { eventTypes: [alpha, beta] } });
          if (batch.length === 0) break;
          expect(batch.length).toBeLessThanOrEqual(2);
          paged.push(...batch);
          after = batch[batch.length - 1]!.position;
        }
        expect(summary(paged)).toEqual([`${persons}#0`, `${persons}#1`, `${persons}#2`, `${claims}#0`, `${claims}#1`]);
      });
    });

    describe('subscriptions', () => {
      it('catches up, then delivers live appends in order without duplicates, and stop() ends it', async () => {
        const before = await store.headPosition();
        const kind = 'live';
        const stream = newStream(kind);
        await store.appendToStream(stream, events(3), 'noStream');
        const subscription = store.subscribeToAll({ afterPosition: before, filter: { streamPrefixes: [prefixOf(kind)] } });
        const caughtUp = await take(subscription, 3);
        // The subscriber is already waiting when the new events arrive: this is the live path.
        const pendingLive = take(subscription, 2);
        await pause(50);
        await store.appendToStream(newStream('other'), events(2), 'noStream');
        await store.appendToStream(stream, events(2), 2n);
        const live = await pendingLive;
        const received = [...caughtUp, ...live];
        expect(revisionsOf(received)).toEqual([0n, 1n, 2n, 3n, 4n]);
        expect(new Set(received.map((event) => event.metadata.eventId)).size).toBe(5);
        received.slice(1).forEach((event, index) => expect(event.position).toBeGreaterThan(received[index]!.position));

        const consumed: RecordedEvent[] = [];
        const consumer = (async () => {
          for await (const event of subscription) consumed.push(event);
        })();
        await subscription.stop();
        await expect(within(consumer.then(() => 'ended'), 2000)).resolves.toBe('ended');
        expect(consumed).toEqual([]);
      });

      it('ends when the consumer breaks out of for-await', async () => {
        const before = await store.headPosition();
        const stream = newStream('brk');
        await store.appendToStream(stream, events(3), 'noStream');
        const subscription = store.subscribeToAll({ afterPosition: before, filter: { streamPrefixes: [prefixOf('brk')] } });
        const seen: bigint[] = [];
        for await (const event of subscription) {
          seen.push(event.revision);
          if (seen.length === 2) break;
        }
        expect(seen).toEqual([0n, 1n]);
        const after = await subscription[Symbol.asyncIterator]().next();
        expect(after.done).toBe(true);
      });
    });

    describe('group commit', () => {
      it('commits 200 appends to 200 streams fired together, each with its own unique position', async () => {
        const streams = Array.from({ length: 200 }, () => newStream('group'));
        const results = await Promise.all(streams.map((stream) => store.appendToStream(stream, events(1), 'noStream')));
        const positions = results.map((result) => result.position).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
        expect(new Set(positions).size).toBe(200);
        expect(results.every((result) => result.nextExpectedRevision === 0n)).toBe(true);
        if (options.contiguousPositions) expect(positions[199]! - positions[0]!).toBe(199n);
        const stored = await store.readAll({ afterPosition: positions[0]! - 1n, maxCount: 400, filter: { streamPrefixes: [prefixOf('group')] } });
        expect(stored.filter((event) => streams.includes(event.streamName)).map((event) => event.position)).toEqual(positions);
      });
    });

    describe('verification', () => {
      it('finds every chain intact on an untouched store', async () => {
        const streams = [newStream('verify'), newStream('verify')];
        for (const stream of streams) {
          await store.appendToStream(stream, events(3), 'noStream');
          await store.appendToStream(stream, events(2), 2n);
        }
        for (const stream of streams) {
          expect(await store.verifyStream(stream)).toEqual({ ok: true, streamsChecked: 1, eventsChecked: 5, breaks: [] });
        }
        const report = await store.verifyAll();
        expect(report.breaks.filter((found) => streams.includes(found.streamName))).toEqual([]);
        expect(report.eventsChecked).toBeGreaterThanOrEqual(10);
        if (options.freshStorePerTest) expect(report).toEqual({ ok: true, streamsChecked: 2, eventsChecked: 10, breaks: [] });
      });

      const tamper = options.tamper;
      if (tamper) describeTampering(() => store, tamper);
    });
  });
};

const describeTampering = <S extends EventStore>(getStore: () => S, tamper: TamperHooks<S>): void => {
  /** Three streams of four events; the middle one gets tampered with. */
  const threeStreams = async (): Promise<[string, string, string]> => {
    const streams: [string, string, string] = [newStream('tamper'), newStream('tamper'), newStream('tamper')];
    for (let round = 0; round < 4; round += 1) {
      for (const stream of streams) await getStore().appendToStream(stream, events(1), 'any');
    }
    return streams;
  };

  const onlyBreak = async (stream: string) => {
    const report = await getStore().verifyAll();
    expect(report.ok).toBe(false);
    expect(report.breaks).toHaveLength(1);
    expect(report.breaks[0]!.streamName).toBe(stream);
    expect((await getStore().verifyStream(stream)).breaks).toEqual(report.breaks);
    return report.breaks[0]!;
  };

  it('names an event whose data was edited as altered', async () => {
    const [, stream] = await threeStreams();
    await tamper.alterData(getStore(), stream, 1n);
    const found = await onlyBreak(stream);
    expect(found).toMatchObject({ revision: 1n, problem: 'altered' });
    expect(found.eventId).toBe((await getStore().readStream(stream, { from: 1n, maxCount: 1 }))[0]!.metadata.eventId);
  });

  it('names a deleted event as removed, in the middle and at the end of a stream', async () => {
    const [first, second] = await threeStreams();
    await tamper.removeEvent(getStore(), second, 2n);
    expect(await onlyBreak(second)).toMatchObject({ revision: 2n, problem: 'removed', position: null, eventId: null });
    await tamper.removeEvent(getStore(), second, 3n);
    expect(await onlyBreak(second)).toMatchObject({ revision: 2n, problem: 'removed' });
    await tamper.removeEvent(getStore(), first, 3n);
    const report = await getStore().verifyAll();
    const summary = report.breaks.map((found) => [found.streamName, found.revision, found.problem]);
    expect(summary).toHaveLength(2);
    expect(summary).toEqual(expect.arrayContaining([[first, 3n, 'removed'], [second, 2n, 'removed']]));
  });

  it('refuses to append onto a stream whose last event no longer matches its hash, appending nothing', async () => {
    const [, stream] = await threeStreams();
    await tamper.alterData(getStore(), stream, 3n);
    const head = await getStore().headPosition();
    await expect(getStore().appendToStream(stream, events(1), 3n)).rejects.toBeInstanceOf(StreamTampered);
    expect(await getStore().headPosition()).toBe(head);
  });

  it('names two events whose revisions were swapped as reordered', async () => {
    const [, stream] = await threeStreams();
    await tamper.swapRevisions(getStore(), stream, 1n, 2n);
    expect(await onlyBreak(stream)).toMatchObject({ revision: 1n, problem: 'reordered' });
  });
};

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with the promise's value, or with 'timed out' after `ms` (the timer is cleared either way). */
const within = async <T>(promise: Promise<T>, ms: number): Promise<T | 'timed out'> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timed out'>((resolve) => {
    timer = setTimeout(() => resolve('timed out'), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
};
