import { randomUUID } from 'node:crypto';
import { CorrelatedEventRecords } from '../../src/projections/correlated-events';
import type { EventLocation } from '../../src/projections/event-index.projection';
import type { ReadModels } from '../../src/projections/read-models';
import { InMemoryEventStore } from '../support/in-memory-event-store';

const metadata = (correlationId: string) => ({ eventId: randomUUID(), schemaVersion: 1, correlationId, causationId: correlationId, actor: 'test', recordedAt: '2023-06-01T00:00:00.000Z' });

/** The index's answer, as the read models would give it. */
const indexOf = (locations: EventLocation[]): ReadModels => ({ eventLocationsByCorrelation: () => ({ locations, truncated: false }) }) as unknown as ReadModels;

describe('CorrelatedEventRecords', () => {
  const everyStream = async (): Promise<boolean> => true;

  it('reads each envelope back from the store where the index points, in the index\'s order', async () => {
    const store = new InMemoryEventStore();
    const first = await store.appendToStream('person-p-1', [{ type: 'PersonRegistered', data: { personId: 'p-1' }, metadata: metadata('corr-1') }], 'noStream');
    const second = await store.appendToStream('person-p-2', [{ type: 'PersonRegistered', data: { personId: 'p-2' }, metadata: metadata('corr-1') }], 'noStream');
    const records = new CorrelatedEventRecords(
      indexOf([
        { correlationId: 'corr-1', position: first.position.toString(), streamName: 'person-p-1', revision: '0' },
        { correlationId: 'corr-1', position: second.position.toString(), streamName: 'person-p-2', revision: '0' },
      ]),
      store,
    );
    const answer = await records.byCorrelation('corr-1', everyStream);
    expect(answer.events.map((event) => [event.streamName, event.position, event.type, event.correlationId, event.actor])).toEqual([
      ['person-p-1', first.position.toString(), 'PersonRegistered', 'corr-1', 'test'],
      ['person-p-2', second.position.toString(), 'PersonRegistered', 'corr-1', 'test'],
    ]);
  });

  it('leaves out, unread, the events of streams the caller may not read', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('person-p-1', [{ type: 'PersonRegistered', data: { personId: 'p-1' }, metadata: metadata('corr-1') }], 'noStream');
    const read = jest.spyOn(store, 'readStream');
    const records = new CorrelatedEventRecords(indexOf([{ correlationId: 'corr-1', position: '1', streamName: 'person-p-1', revision: '0' }]), store);
    expect((await records.byCorrelation('corr-1', async () => false)).events).toEqual([]);
    expect(read).not.toHaveBeenCalled();
  });

  it('refuses to answer when the index points at an event of another request', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('person-p-1', [{ type: 'PersonRegistered', data: { personId: 'p-1' }, metadata: metadata('corr-other') }], 'noStream');
    const records = new CorrelatedEventRecords(indexOf([{ correlationId: 'corr-1', position: '1', streamName: 'person-p-1', revision: '0' }]), store);
    await expect(records.byCorrelation('corr-1', everyStream)).rejects.toThrow(/is not an event of correlation corr-1/);
  });
});
