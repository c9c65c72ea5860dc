import { alertAsAt, alertReducer, applyAlert, emptyAlert, type AlertRow } from '../../src/projections/open-alerts.projection';
import { alert, recorded, recordedAtOf } from './support/ledger-fixtures';

const fold = (events: ReturnType<typeof recorded>): AlertRow =>
  events.reduce(applyAlert, emptyAlert('p-1', 2023, 'monitoring-low-income', '因病返贫监测'));

// Domain contract §5: raised once while open; withdrawn when a reassessment drops the burden; raised again on a new crossing.
describe('open-alerts reducer', () => {
  it('is open after a raise', () => {
    const row = fold(recorded([alert('raised', { burden: '6500.00' })]));
    expect(row).toMatchObject({ open: true, burden: '6500.00', raisedAt: { position: '1' } });
  });

  it('is closed after a withdrawal and open again after a new crossing, with the whole history', () => {
    const row = fold(recorded([alert('raised', { burden: '6500.00' }), alert('withdrawn', { burden: '5800.00' }), alert('raised', { burden: '7000.00', claimId: 'c-3' })]));
    expect(row).toMatchObject({ open: true, burden: '7000.00', raisedAt: { position: '3' } });
    expect(row.history.map((entry) => entry.change)).toEqual(['raised', 'withdrawn', 'raised']);
  });

  it('keys alerts by person, year and rule', () => {
    const [event] = recorded([alert('raised', { burden: '6500.00', rule: 'other-residents' })]);
    expect(alertReducer.keysOf(event!)).toEqual(['p-1/2023/other-residents']);
  });
});

// Issue 14 item 6: what the ledger said at a recorded moment, before a later reassessment withdrew or raised again.
describe('an alert as at a recorded moment', () => {
  const row = fold(recorded([alert('raised', { burden: '6500.00' }), alert('withdrawn', { burden: '5800.00' }), alert('raised', { burden: '7000.00', claimId: 'c-3' })]));

  it.each([
    ['before its first raise: it did not exist', recordedAtOf(0), null],
    ['after the raise: open at 6500.00', recordedAtOf(1), { open: true, burden: '6500.00', raisedAt: { position: '1' } }],
    ['after the withdrawal: closed at 5800.00', recordedAtOf(2), { open: false, burden: '5800.00', raisedAt: null }],
    ['after the second raise: open again at 7000.00', recordedAtOf(3), { open: true, burden: '7000.00', raisedAt: { position: '3' } }],
  ] as const)('%s', (_name, asAt, expected) => {
    const answer = alertAsAt(row, asAt);
    if (expected === null) expect(answer).toBeNull();
    else expect(answer).toMatchObject(expected);
  });

  it('keeps only the history recorded by then, and answers now as the row does', () => {
    expect(alertAsAt(row, recordedAtOf(2))!.history.map((entry) => entry.change)).toEqual(['raised', 'withdrawn']);
    expect(alertAsAt(row, recordedAtOf(99))).toEqual(row);
  });
});
