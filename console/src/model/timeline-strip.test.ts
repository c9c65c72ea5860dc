import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../api/person-types';
import { positionOf, stripAxis, stripRows } from './timeline-strip';

const entry = (overrides: Partial<TimelineEntry>): TimelineEntry => ({
  change: 'recognized',
  category: 'SUBSISTENCE',
  validFrom: '2023-01-01',
  validTo: null,
  reason: null,
  source: { department: 'CIVIL_AFFAIRS', document: '低保名册' },
  recordedOn: '2023-01-01',
  retroactive: false,
  stamp: { position: '1', recordedAt: '2023-01-01T08:00:00.000Z', eventId: 'e1' },
  ...overrides,
});

describe('identity strip', () => {
  it('spans whole years from the first to the last date mentioned', () => {
    const axis = stripAxis([{ category: 'SUBSISTENCE', validFrom: '2022-07-01', validTo: null }], [], '2023-03-01');
    expect(axis).toEqual({ from: '2022-01-01', to: '2023-12-31', yearStarts: ['2022-01-01', '2023-01-01'] });
    expect(positionOf(axis, '2023-01-01')).toBeCloseTo(365 / 730, 5);
  });

  it('marks the part of a retroactive recognition before the day it was recorded', () => {
    const axis = { from: '2023-01-01', to: '2023-12-31', yearStarts: ['2023-01-01'] };
    const entries = [entry({ category: 'RETURNED_TO_POVERTY', validFrom: '2023-02-01', recordedOn: '2023-06-01', retroactive: true })];
    const [row] = stripRows([{ category: 'RETURNED_TO_POVERTY', validFrom: '2023-02-01', validTo: null }], entries, axis);
    expect(row?.bars).toEqual([{ validFrom: '2023-02-01', validTo: null, start: positionOf(axis, '2023-02-01'), end: 1, open: true }]);
    expect(row?.retroactive).toHaveLength(1);
    expect(row?.retroactive[0]?.start).toBe(positionOf(axis, '2023-02-01'));
    expect(row?.retroactive[0]?.end).toBe(positionOf(axis, '2023-06-01'));
  });

  it('orders rows by the vocabulary and keeps a revoked category with no interval left', () => {
    const axis = { from: '2023-01-01', to: '2023-12-31', yearStarts: ['2023-01-01'] };
    const rows = stripRows(
      [{ category: 'SUBSISTENCE', validFrom: '2023-01-01', validTo: '2023-06-30' }],
      [entry({}), entry({ category: 'DESTITUTE', change: 'revoked', validFrom: null, validTo: '2022-12-31', recordedOn: '2023-03-01', retroactive: true })],
      axis,
    );
    expect(rows.map((row) => row.category)).toEqual(['DESTITUTE', 'SUBSISTENCE']);
    expect(rows[1]?.bars[0]?.end).toBe(positionOf(axis, '2023-07-01'));
    expect(rows[0]?.bars).toEqual([]);
    expect(rows[0]?.retroactive[0]?.validFrom).toBe('2023-01-01');
  });
});
