import { describe, expect, it } from 'vitest';
import type { SimulationReport } from '../api/report-types';
import { categorySeries, changesNothing, percentDone, tierSeries } from './simulation';

const amounts = (basic: string, critical: string, assistance: string, reassistance: string, total: string) => ({ basic, critical, assistance, reassistance, total });

const report = {
  totals: {
    actual: amounts('1000.00', '0.00', '2100.00', '0.00', '3100.00'),
    draft: amounts('1000.00', '0.00', '2400.00', '0.00', '3400.00'),
    difference: amounts('0.00', '0.00', '300.00', '0.00', '300.00'),
  },
  byCategory: [
    { category: 'SUBSISTENCE', claims: { actual: 1, draft: 1 }, actual: amounts('0.00', '0.00', '2100.00', '0.00', '2100.00'), draft: amounts('0.00', '0.00', '2400.00', '0.00', '2400.00'), difference: amounts('0.00', '0.00', '300.00', '0.00', '300.00') },
    { category: null, claims: { actual: 1, draft: 1 }, actual: amounts('1000.00', '0.00', '0.00', '0.00', '1000.00'), draft: amounts('1000.00', '0.00', '0.00', '0.00', '1000.00'), difference: amounts('0.00', '0.00', '0.00', '0.00', '0.00') },
  ],
} as unknown as SimulationReport;

describe('simulation model', () => {
  it('gives actual and draft per tier, in the order of the tiers', () => {
    expect(tierSeries(report, (tier) => tier)).toEqual({ labels: ['basic', 'critical', 'assistance', 'reassistance'], actual: [1000, 0, 2100, 0], draft: [1000, 0, 2400, 0] });
  });

  it('gives actual and draft totals per category, labelling claims under none', () => {
    expect(categorySeries(report, (category) => category ?? 'none')).toEqual({ labels: ['SUBSISTENCE', 'none'], actual: [2100, 1000], draft: [2400, 1000] });
  });

  it('says when a draft changes nothing', () => {
    expect(changesNothing(report.totals)).toBe(false);
    expect(changesNothing({ ...report.totals, difference: amounts('0.00', '0.00', '0.00', '0.00', '0.00') })).toBe(true);
  });

  it('reports progress as a whole percentage, 0 before the total is known', () => {
    expect(percentDone({ done: 0, total: 0 })).toBe(0);
    expect(percentDone({ done: 1, total: 3 })).toBe(33);
    expect(percentDone({ done: 3, total: 3 })).toBe(100);
  });
});
