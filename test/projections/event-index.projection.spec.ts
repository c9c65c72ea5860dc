import { EVENT_INDEX_TABLES, eventIndexProjection, type EventLocation } from '../../src/projections/event-index.projection';
import { personRegistered, recorded } from './support/ledger-fixtures';
import { runProjection } from './support/memory-row-store';

describe('event-index projection', () => {
  it('indexes where every event is by its correlation id, including types it does not know', () => {
    const events = recorded([personRegistered(), { type: 'SomethingNew', data: { personId: 'p-1' } } as never]);
    const rows = runProjection(eventIndexProjection, events).rows<EventLocation>(EVENT_INDEX_TABLES.events);
    expect(rows).toEqual([
      { correlationId: 'corr-1', position: '1', streamName: 'person-p-1', revision: '0' },
      { correlationId: 'corr-2', position: '2', streamName: expect.any(String), revision: expect.any(String) },
    ]);
    expect(EVENT_INDEX_TABLES.events.columnsOf(rows[0]!)).toEqual({ position: 1n, correlation_id: 'corr-1' });
  });
});
