import { alertReducer, applyAlert, emptyAlert, type AlertRow } from '../../src/projections/open-alerts.projection';
import { alert, recorded } from './support/ledger-fixtures';

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
