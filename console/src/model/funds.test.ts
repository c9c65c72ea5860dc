import { describe, expect, it } from 'vitest';
import type { FundRow } from '../api/report-types';
import { monthRange, pivotFunds } from './funds';
import { CATEGORIES } from '../i18n/messages';

const row = (overrides: Partial<FundRow>): FundRow => ({
  region: 'heze',
  month: '2023-03',
  tier: 'assistance',
  category: 'SUBSISTENCE',
  settled: '100.00',
  reassessed: '0.00',
  total: '100.00',
  count: 1,
  ...overrides,
});

describe('funds pivot', () => {
  it('fills the months between the first and the last', () => {
    expect(monthRange('2022-11', '2023-02')).toEqual(['2022-11', '2022-12', '2023-01', '2023-02']);
    expect(monthRange('2023-01', '2022-01')).toEqual([]);
  });

  it('totals by month, by tier and category and overall, keeping corrections apart', () => {
    const pivot = pivotFunds(
      [
        row({}),
        row({ month: '2023-05', settled: '0.00', reassessed: '-40.50', total: '-40.50', count: 0 }),
        row({ tier: 'basic', category: 'DESTITUTE', settled: '1000.00', total: '1000.00' }),
        row({ tier: 'oneTimeAssistance', category: null, month: '2023-04', settled: '5.00', total: '5.00' }),
      ],
      CATEGORIES,
    );
    expect(pivot.months).toEqual(['2023-03', '2023-04', '2023-05']);
    expect(pivot.byMonth).toEqual([
      { tier: 'basic', totals: [1000, 0, 0] },
      { tier: 'assistance', totals: [100, 0, -40.5] },
      { tier: 'oneTimeAssistance', totals: [0, 5, 0] },
    ]);
    expect(pivot.byTierCategory.map((entry) => `${entry.tier}/${entry.category}`)).toEqual(['basic/DESTITUTE', 'assistance/SUBSISTENCE', 'oneTimeAssistance/null']);
    expect(pivot.byTierCategory[1]?.totals).toEqual({ settled: '100.00', reassessed: '-40.50', total: '59.50', count: 1 });
    expect(pivotFunds([row({})], CATEGORIES, { from: '2023-01', to: '2023-04' }).months).toEqual(['2023-01', '2023-02', '2023-03', '2023-04']);
    expect(pivot.grand).toEqual({ settled: '1105.00', reassessed: '-40.50', total: '1064.50', count: 3 });
  });
});
