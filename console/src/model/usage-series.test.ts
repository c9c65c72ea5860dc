import { describe, expect, it } from 'vitest';
import type { Accumulators } from '../api/types';
import type { ClaimUsage, TierUsage, UsageView } from '../api/usage-types';
import { baseIncrements, capSteps, dayOfYear, remainingOf, tierSeries } from './usage-series';

const payouts = (assistance: string) => ({ basic: '0.00', critical: '0.00', assistance, reassistance: '0.00' });
const accumulators = (assistanceBase: string): Accumulators => ({
  criticalBase: '0.00',
  assistanceBase,
  reassistanceBase: '0.00',
  paid: payouts('0.00'),
  burdenTotal: '0.00',
  burdenPolicyScope: '0.00',
  claimCount: 0,
});
const claim = (claimId: string, sequence: number, referenceDate: string, assistance: string, assistanceBase: string): ClaimUsage => ({
  claimId,
  sequence,
  referenceDate,
  appliedCategory: 'SUBSISTENCE',
  payouts: payouts(assistance),
  outOfPocket: '0.00',
  runningPaid: payouts('0.00'),
  accumulatorsAfter: accumulators(assistanceBase),
  reassessments: 0,
});
const tier = (overrides: Partial<TierUsage>): TierUsage => ({ base: null, threshold: null, thresholdConsumed: null, paid: '0.00', cap: null, remaining: null, ...overrides });

const usage = (claims: ClaimUsage[]): UsageView => ({
  personId: 'p-1',
  year: 2023,
  region: 'heze',
  appliedCategory: 'SUBSISTENCE',
  policy: null,
  tiers: {
    basic: tier({ cap: 'unlimited', remaining: 'unlimited' }),
    critical: tier({}),
    assistance: tier({ threshold: '1000.00', cap: '70000.00', remaining: '68000.00', paid: '2000.00' }),
    reassistance: tier({}),
  },
  burden: { total: '0.00', policyScope: '0.00' },
  claims,
  lastChange: null,
});

describe('usage series', () => {
  it('counts days from 1 January and clamps to the year', () => {
    expect(dayOfYear('2023-01-01', 2023)).toBe(0);
    expect(dayOfYear('2023-12-31', 2023)).toBe(364);
    expect(dayOfYear('2024-02-01', 2023)).toBe(364);
  });

  it('takes base increments from consecutive accumulators in recorded order, not by date', () => {
    // The second claim was recorded first although its reference date is later.
    const claims = [claim('late-date', 1, '2023-09-01', '0.00', '600.00'), claim('early-date', 2, '2023-03-01', '0.00', '1500.00')];
    const increments = baseIncrements(claims, 'assistance');
    expect(increments.get('late-date')).toBe(60000n);
    expect(increments.get('early-date')).toBe(90000n);
  });

  it('steps cumulative paid by reference date and clips the base at the threshold', () => {
    const claims = [claim('a', 1, '2023-09-01', '1500.00', '600.00'), claim('b', 2, '2023-03-01', '500.00', '1500.00')];
    const series = tierSeries(usage(claims), 'assistance');
    expect(series.paid).toEqual([
      { day: 0, value: 0 },
      { day: 59, value: 500 },
      { day: 243, value: 2000 },
      { day: 364, value: 2000 },
    ]);
    expect(series.thresholdConsumed?.map((point) => point.value)).toEqual([0, 900, 1000, 1000]);
    expect(series.cap).toBe(70000);
    expect(tierSeries(usage(claims), 'basic')).toMatchObject({ cap: null, capUnlimited: true, thresholdConsumed: null });
  });

  it('draws the cap claim by claim when a change of category changed it', () => {
    const figures = (cap: string) => ({ basic: { threshold: null, cap: null }, critical: { threshold: null, cap: 'unlimited' as const }, assistance: { threshold: '0.00', cap }, reassistance: { threshold: null, cap: null } });
    const claims = [
      { ...claim('a', 1, '2023-03-01', '100.00', '100.00'), figures: figures('70000.00') },
      { ...claim('b', 2, '2023-08-15', '0.00', '200.00'), figures: figures('10000.00') },
    ];
    expect(capSteps(usage(claims), 'assistance', 365)).toEqual([
      { day: 0, value: 70000 },
      { day: 59, value: 70000 },
      { day: 226, value: 10000 },
      { day: 364, value: 10000 },
    ]);
    expect(capSteps(usage(claims), 'critical', 365)).toBeNull();
  });

  it('uses the remaining amount the ledger states, and derives it from the cap only when missing', () => {
    expect(remainingOf(tier({ cap: '100.00', remaining: '40.00', paid: '10.00' }))).toBe('40.00');
    expect(remainingOf(tier({ cap: '100.00', paid: '130.00' }))).toBe('0.00');
    expect(remainingOf(tier({ cap: 'unlimited' }))).toBe('unlimited');
  });
});
