import { SimulationTally, type ClaimOutcome } from '../../src/simulation/simulation-tally';

const payouts = (basic: string, critical: string, assistance: string, reassistance: string) => ({ basic, critical, assistance, reassistance });

const outcome = (personId: string, month: string, actual: ClaimOutcome['actual'], draft: ClaimOutcome['draft']): ClaimOutcome => ({ personId, month, actual, draft });

describe('SimulationTally', () => {
  // Two persons, three claims: p1's second claim moves from 低保 to 特困 under the draft and gains 300.10 of assistance.
  const tally = new SimulationTally();
  tally.add(outcome('p1', '2023-03', { category: 'SUBSISTENCE', payouts: payouts('1000.00', '0.00', '200.00', '0.00') }, { category: 'SUBSISTENCE', payouts: payouts('1000.00', '0.00', '200.00', '0.00') }));
  tally.add(outcome('p1', '2023-07', { category: 'SUBSISTENCE', payouts: payouts('5000.00', '1200.50', '700.00', '0.00') }, { category: 'DESTITUTE', payouts: payouts('5000.00', '1200.50', '1000.10', '0.00') }));
  tally.add(outcome('p2', '2023-07', { category: null, payouts: payouts('300.00', '0.00', '0.00', '0.00') }, { category: null, payouts: payouts('250.00', '0.00', '0.00', '0.00') }));

  it('adds every tier, actual and draft, with the difference draft − actual', () => {
    expect(tally.totalsComparison()).toEqual({
      actual: { basic: '6300.00', critical: '1200.50', assistance: '900.00', reassistance: '0.00', total: '8400.50' },
      draft: { basic: '6250.00', critical: '1200.50', assistance: '1200.10', reassistance: '0.00', total: '8650.60' },
      difference: { basic: '-50.00', critical: '0.00', assistance: '300.10', reassistance: '0.00', total: '250.10' },
    });
  });

  it('files actual amounts under the recorded category and draft amounts under the draft category', () => {
    const rows = tally.categoryComparisons();
    expect(rows.map((row) => [row.category, row.claims.actual, row.claims.draft, row.actual.total, row.draft.total])).toEqual([
      ['DESTITUTE', 0, 1, '0.00', '7200.60'],
      ['SUBSISTENCE', 2, 1, '8100.50', '1200.00'],
      [null, 1, 1, '300.00', '250.00'],
    ]);
  });

  it('groups by month of the reference date, in calendar order', () => {
    expect(tally.monthComparisons().map((row) => [row.month, row.claims, row.difference.total])).toEqual([
      ['2023-03', 1, '0.00'],
      ['2023-07', 2, '250.10'],
    ]);
  });

  it('counts who changes and lists the largest changes by absolute difference', () => {
    expect(tally.changed()).toEqual({ persons: 2, claims: 2 });
    expect(tally.largestChanges()).toEqual([
      { personId: 'p1', actual: '8100.50', draft: '8400.60', difference: '300.10' },
      { personId: 'p2', actual: '300.00', draft: '250.00', difference: '-50.00' },
    ]);
  });
});
