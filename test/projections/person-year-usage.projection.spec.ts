import {
  applyUsage,
  emptyUsage,
  PERSON_YEAR_USAGE_TABLES,
  personYearUsageProjection,
  traceFigures,
  usageAsAt,
  type UsageHistoryRow,
  type UsageRow,
} from '../../src/projections/person-year-usage.projection';
import { claimReassessed, claimSettled, payouts, recorded, tierTrace } from './support/ledger-fixtures';
import { runProjection } from './support/memory-row-store';

const fold = (events: ReturnType<typeof recorded>): UsageRow => events.reduce(applyUsage, emptyUsage('p-1', 2023));

// Heze §一(四): 低保 assistance has no threshold here, a 70000 cap; two claims consume it in recorded order.
const firstClaim = claimSettled({
  claimId: 'c-1',
  sequence: 1,
  appliedCategory: 'SUBSISTENCE',
  payouts: payouts('6000.00', '1000.00', '2000.00'),
  after: { criticalBase: '4000.00', assistanceBase: '3000.00', paid: payouts('6000.00', '1000.00', '2000.00'), burdenTotal: '1000.00' },
  trace: tierTrace({ critical: { threshold: '5000.00', cap: 'none' }, assistance: { threshold: '0.00', cap: '70000.00', capRemainingAfter: '68000.00' } }),
});
const secondClaim = claimSettled({
  claimId: 'c-2',
  sequence: 2,
  appliedCategory: 'SUBSISTENCE',
  payouts: payouts('7000.00', '2500.00', '1500.00'),
  after: { criticalBase: '9000.00', assistanceBase: '5000.00', paid: payouts('13000.00', '3500.00', '3500.00'), burdenTotal: '1500.00' },
  trace: tierTrace({ critical: { threshold: '5000.00', cap: 'none' }, assistance: { threshold: '0.00', cap: '70000.00', capRemainingAfter: '66500.00' } }),
});

/** c-1 reassessed after a retroactive 特困 recognition: its assistance moves from 2000.00 to 3000.00. */
const reassessed = claimReassessed({
  claimId: 'c-1',
  previous: payouts('6000.00', '1000.00', '2000.00'),
  next: payouts('6000.00', '1000.00', '3000.00'),
  appliedCategory: 'DESTITUTE',
  after: { criticalBase: '4000.00', assistanceBase: '3000.00', paid: payouts('6000.00', '1000.00', '3000.00') },
});

describe('person-year-usage reducer', () => {
  it('sums the paid amounts of the claims per tier and takes the bases from the last claim', () => {
    const usage = fold(recorded([firstClaim, secondClaim]));
    expect(usage.tiers.basic).toEqual({ base: null, threshold: null, thresholdConsumed: null, paid: '13000.00', cap: null, remaining: null });
    expect(usage.tiers.critical).toMatchObject({ base: '9000.00', threshold: '5000.00', thresholdConsumed: '5000.00', paid: '3500.00', cap: 'unlimited', remaining: 'unlimited' });
    expect(usage.tiers.assistance).toMatchObject({ base: '5000.00', paid: '3500.00', cap: '70000.00', remaining: '66500.00' });
    expect(usage.burden.total).toBe('1500.00');
  });

  it('reports threshold consumed as the part of the threshold the base has reached', () => {
    const usage = fold(recorded([firstClaim]));
    expect(usage.tiers.critical.thresholdConsumed).toBe('4000.00');
  });

  it('keeps each claim with its amounts and the running totals after it, in recorded order', () => {
    const usage = fold(recorded([secondClaim, firstClaim]));
    expect(usage.claims.map((claim) => [claim.claimId, claim.runningPaid.basic])).toEqual([
      ['c-1', '6000.00'],
      ['c-2', '13000.00'],
    ]);
  });

  it('replaces a reassessed claim’s amounts instead of adding them', () => {
    const usage = fold(recorded([firstClaim, secondClaim, reassessed]));
    expect(usage.tiers.assistance.paid).toBe('4500.00');
    expect(usage.claims[0]).toMatchObject({ appliedCategory: 'DESTITUTE', reassessments: 1, payouts: payouts('6000.00', '1000.00', '3000.00') });
    expect(usage.claims[1]!.reassessments).toBe(0);
  });

  it('falls back to cap − paid when the trace gives the cap but not what is left', () => {
    const claim = claimSettled({ claimId: 'c-9', sequence: 1, payouts: payouts('0.00', '0.00', '500.00'), trace: tierTrace({ assistance: { threshold: '1000.00', cap: '2000.00' } }) });
    expect(fold(recorded([claim])).tiers.assistance).toMatchObject({ cap: '2000.00', remaining: '1500.00' });
  });

  it('ignores events that are not about claims', () => {
    const [event] = recorded([{ type: 'PersonRegistered', data: { personId: 'p-1', region: 'heze', scheme: 'RESIDENT' } }]);
    const before = emptyUsage('p-1', 2023);
    expect(applyUsage(before, event!)).toBe(before);
  });
});

describe('traceFigures', () => {
  it('reads "none" as no cap and a missing step as unknown', () => {
    const trace = tierTrace({ critical: { threshold: '12000', cap: 'none' } });
    expect(traceFigures(trace, 'critical')).toEqual({ threshold: '12000.00', cap: 'unlimited', remainingAfter: null });
    expect(traceFigures(trace, 'assistance')).toEqual({ threshold: null, cap: null, remainingAfter: null });
  });
});

describe('person-year-usage projection', () => {
  it('writes one history row per change with the event’s position and recordedAt; folding them answers asAt', () => {
    const rows = runProjection(personYearUsageProjection, recorded([firstClaim, secondClaim]));
    const history = rows.rows<UsageHistoryRow>(PERSON_YEAR_USAGE_TABLES.history);
    const asAtEach = history.map((_row, index) => usageAsAt('p-1', 2023, history.slice(0, index + 1)));
    expect(history.map((row, index) => [row.stamp.position, row.stamp.recordedAt, asAtEach[index]!.tiers.basic.paid])).toEqual([
      ['1', '2023-01-01T00:01:00.000Z', '6000.00'],
      ['2', '2023-01-01T00:02:00.000Z', '13000.00'],
    ]);
    expect(rows.rows(PERSON_YEAR_USAGE_TABLES.latest)).toHaveLength(2);
  });

  it('stores the same answer as the pure fold, now and after every change, with a reassessment among them', () => {
    const events = recorded([firstClaim, secondClaim, reassessed]);
    const rows = runProjection(personYearUsageProjection, events);
    const history = rows.rows<UsageHistoryRow>(PERSON_YEAR_USAGE_TABLES.history);
    expect(history.map((row) => row.claim?.reassessments)).toEqual([0, 0, 1]);
    for (let count = 1; count <= events.length; count += 1) {
      expect(usageAsAt('p-1', 2023, history.slice(0, count))).toEqual(fold(events.slice(0, count)));
    }
  });

  it('keeps each history row the size of one claim however many claims the year holds', () => {
    const many = Array.from({ length: 60 }, (_unused, index) =>
      claimSettled({ claimId: `c-${index + 1}`, sequence: index + 1, payouts: payouts('100.00', '0.00', '0.00'), trace: tierTrace({ assistance: { threshold: '0.00', cap: '70000.00' } }) }),
    );
    const history = runProjection(personYearUsageProjection, recorded(many)).rows<UsageHistoryRow>(PERSON_YEAR_USAGE_TABLES.history);
    const bytes = history.map((row) => JSON.stringify(row).length);
    expect(Math.max(...bytes)).toBeLessThan(Math.min(...bytes) * 1.1);
  });
});
