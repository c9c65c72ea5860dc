import { EVENT_INDEX_TABLES, eventIndexProjection, type EventIndexRow } from '../../src/projections/event-index.projection';
import { personRegistered, recorded } from './support/ledger-fixtures';
import { runProjection } from './support/memory-row-store';

describe('event-index projection', () => {
  it('indexes every event with its envelope, including types it does not know', () => {
    const events = recorded([personRegistered(), { type: 'SomethingNew', data: { personId: 'p-1' } } as never]);
    const rows = runProjection(eventIndexProjection, events).rows<EventIndexRow>(EVENT_INDEX_TABLES.events);
    expect(rows.map((row) => [row.type, row.position, row.streamName, row.correlationId])).toEqual([
      ['PersonRegistered', '1', 'person-p-1', 'corr-1'],
      ['SomethingNew', '2', expect.any(String), 'corr-2'],
    ]);
  });
});
