import {
  IDENTITY_TIMELINE_TABLES,
  identityTimelineProjection,
  timelineView,
  type PersonRow,
  type TimelineEntry,
} from '../../src/projections/identity-timeline.projection';
import { identityRecognized, identityRevoked, personRegistered, recorded } from './support/ledger-fixtures';
import { runProjection } from './support/memory-row-store';

/**
 * 低保 recognised on 2023-02-01 from 2023-01-01; on 2023-06-10 the civil-affairs roster revokes it
 * retroactively as of 2023-03-31; on 2023-07-01 特困 is recognised retroactively from 2023-04-01.
 */
const history = recorded([
  personRegistered(),
  { event: identityRecognized({ category: 'SUBSISTENCE', validFrom: '2023-01-01', recordedOn: '2023-02-01' }), recordedAt: '2023-02-01T02:00:00.000Z' },
  { event: identityRevoked({ category: 'SUBSISTENCE', validTo: '2023-03-31', recordedOn: '2023-06-10' }), recordedAt: '2023-06-10T02:00:00.000Z' },
  { event: identityRecognized({ category: 'DESTITUTE', validFrom: '2023-04-01', recordedOn: '2023-07-01' }), recordedAt: '2023-07-01T02:00:00.000Z' },
]);

const entries = (): TimelineEntry[] => runProjection(identityTimelineProjection, history).rows<TimelineEntry>(IDENTITY_TIMELINE_TABLES.entries);

describe('identity-timeline projection', () => {
  it('keeps every recognition and revocation with its effective dates, recorded time and whether it was retroactive', () => {
    expect(entries().map((entry) => [entry.change, entry.category, entry.validFrom, entry.validTo, entry.stamp.recordedAt, entry.retroactive])).toEqual([
      ['recognized', 'SUBSISTENCE', '2023-01-01', null, '2023-02-01T02:00:00.000Z', true],
      ['revoked', 'SUBSISTENCE', null, '2023-03-31', '2023-06-10T02:00:00.000Z', true],
      ['recognized', 'DESTITUTE', '2023-04-01', null, '2023-07-01T02:00:00.000Z', true],
    ]);
  });

  it('records the registration', () => {
    const persons = runProjection(identityTimelineProjection, history).rows<PersonRow>(IDENTITY_TIMELINE_TABLES.persons);
    expect(persons).toEqual([expect.objectContaining({ personId: 'p-1', region: 'heze', scheme: 'RESIDENT' })]);
  });
});

describe('timelineView (as of an effective date, as at a recorded moment)', () => {
  it('answers with what is known now when asAt is absent', () => {
    expect(timelineView('p-1', entries(), '2023-05-01', null).heldOn).toEqual(['DESTITUTE']);
    expect(timelineView('p-1', entries(), '2023-03-01', null).heldOn).toEqual(['SUBSISTENCE']);
  });

  it('answers as the ledger knew it at a moment before the retroactive changes were recorded', () => {
    const view = timelineView('p-1', entries(), '2023-05-01', '2023-06-01T00:00:00.000Z');
    expect(view.heldOn).toEqual(['SUBSISTENCE']);
    expect(view.entries).toHaveLength(1);
  });

  it('between the revocation and the retroactive recognition, May 2023 had no category', () => {
    expect(timelineView('p-1', entries(), '2023-05-01', '2023-06-20T00:00:00+08:00').heldOn).toEqual([]);
  });

  it('gives the validity intervals the known changes add up to', () => {
    expect(timelineView('p-1', entries(), null, null).intervals).toEqual([
      { category: 'DESTITUTE', validFrom: '2023-04-01', validTo: null },
      { category: 'SUBSISTENCE', validFrom: '2023-01-01', validTo: '2023-03-31' },
    ]);
  });
});
