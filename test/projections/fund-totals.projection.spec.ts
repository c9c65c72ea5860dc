import fc from 'fast-check';
import { addAmounts, ZERO_AMOUNT } from '../../src/projections/amounts';
import { applyFundChange, emptyFundRow, FUND_TOTALS_TABLES, fundTotalsProjection, type FundChange, type FundRow } from '../../src/projections/fund-totals.projection';
import { claimReassessed, claimSettled, enrollmentRegistered, oneTimeGranted, payouts, recorded, subsidyGranted } from './support/ledger-fixtures';
import { runProjection } from './support/memory-row-store';

const totals = (events: ReturnType<typeof recorded>): FundRow[] => runProjection(fundTotalsProjection, events).rows<FundRow>(FUND_TOTALS_TABLES.totals);

const row = (rows: FundRow[], month: string, tier: string, category: string | null): FundRow | undefined =>
  rows.find((candidate) => candidate.month === month && candidate.tier === tier && candidate.category === category);

describe('fund-totals projection', () => {
  it('counts settled amounts by region, month of the reference date, tier and category', () => {
    const rows = totals(
      recorded([
        claimSettled({ claimId: 'c-1', sequence: 1, referenceDate: '2023-03-15', appliedCategory: 'SUBSISTENCE', payouts: payouts('6000.00', '0.00', '1000.00') }),
        claimSettled({ claimId: 'c-2', sequence: 2, referenceDate: '2023-03-30', appliedCategory: 'SUBSISTENCE', payouts: payouts('500.50', '0.00', '99.50') }),
        claimSettled({ claimId: 'c-3', personId: 'p-2', sequence: 1, referenceDate: '2023-04-02', appliedCategory: null, payouts: payouts('100.00') }),
      ]),
    );
    expect(row(rows, '2023-03', 'basic', 'SUBSISTENCE')).toMatchObject({ region: 'heze', settled: '6500.50', reassessed: '0.00', total: '6500.50', count: 2 });
    expect(row(rows, '2023-03', 'assistance', 'SUBSISTENCE')?.total).toBe('1099.50');
    // A tier the claims did not reach is still a row of theirs: zero amounts, counted.
    expect(row(rows, '2023-03', 'critical', 'SUBSISTENCE')).toMatchObject({ settled: '0.00', reassessed: '0.00', total: '0.00', count: 2 });
    expect(row(rows, '2023-04', 'basic', null)?.total).toBe('100.00');
  });

  it('adds a reassessment delta to the claim’s month and tier', () => {
    const rows = totals(
      recorded([
        claimSettled({ claimId: 'c-1', sequence: 1, referenceDate: '2023-03-15', appliedCategory: 'SUBSISTENCE', payouts: payouts('6000.00', '0.00', '1000.00') }),
        claimReassessed({ claimId: 'c-1', previous: payouts('6000.00', '0.00', '1000.00'), next: payouts('6000.00', '0.00', '800.00'), appliedCategory: 'SUBSISTENCE' }),
      ]),
    );
    expect(row(rows, '2023-03', 'assistance', 'SUBSISTENCE')).toMatchObject({ settled: '1000.00', reassessed: '-200.00', total: '800.00', count: 1 });
    expect(row(rows, '2023-03', 'basic', 'SUBSISTENCE')).toMatchObject({ settled: '6000.00', reassessed: '0.00', total: '6000.00' });
  });

  it('moves the amounts to the new category when a reassessment changes it, keeping the totals equal to the claims', () => {
    const rows = totals(
      recorded([
        claimSettled({ claimId: 'c-1', sequence: 1, referenceDate: '2023-03-15', appliedCategory: 'SUBSISTENCE', payouts: payouts('6000.00', '0.00', '1000.00') }),
        claimReassessed({ claimId: 'c-1', previous: payouts('6000.00', '0.00', '1000.00'), next: payouts('6000.00', '0.00', '1500.00'), appliedCategory: 'DESTITUTE' }),
      ]),
    );
    expect(row(rows, '2023-03', 'assistance', 'SUBSISTENCE')).toMatchObject({ settled: '1000.00', reassessed: '-1000.00', total: '0.00' });
    expect(row(rows, '2023-03', 'assistance', 'DESTITUTE')).toMatchObject({ settled: '0.00', reassessed: '1500.00', total: '1500.00' });
    const assistance = rows.filter((candidate) => candidate.tier === 'assistance').map((candidate) => Number(candidate.reassessed));
    expect(assistance.reduce((a, b) => a + b, 0)).toBe(500);
  });

  it('counts enrollment subsidies as the tier "subsidy" in the month of enrollment', () => {
    const rows = totals(recorded([enrollmentRegistered({ enrolledOn: '2022-11-20' }), subsidyGranted({ amount: '350.00', category: 'DESTITUTE' })]));
    expect(rows).toEqual([expect.objectContaining({ region: 'heze', month: '2022-11', tier: 'subsidy', category: 'DESTITUTE', total: '350.00', count: 1 })]);
  });

  it('counts one-time assistance in the month of application', () => {
    const rows = totals(recorded([oneTimeGranted({ claimsCovered: ['c-1'], amount: '800.00', applicationDate: '2023-06-01' })]));
    expect(rows).toEqual([expect.objectContaining({ region: 'fumeng', month: '2023-06', tier: 'oneTimeAssistance', category: null, total: '800.00' })]);
  });

  it('keeps every row equal to the sums of the changes it counted, zeros and negative corrections included', () => {
    // Amounts in fen, a third of them zero (most tiers of most claims pay nothing), shown as yuan.
    const yuanOf = (fen: bigint): string => {
      const magnitude = fen < 0n ? -fen : fen;
      return `${fen < 0n ? '-' : ''}${magnitude / 100n}.${String(magnitude % 100n).padStart(2, '0')}`;
    };
    const amount = fc.oneof(fc.constant(0n), fc.bigInt({ min: -5_000_000n, max: 5_000_000n })).map(yuanOf);
    const change = fc.record({ settled: amount, reassessed: amount, count: fc.constantFrom(0, 1) });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 40 }), (changes) => {
        const key = { region: 'heze', month: '2023-03', tier: 'basic' as const, category: null };
        const row = changes.reduce((sum: FundRow, next) => applyFundChange(sum, { ...key, ...next } satisfies FundChange), emptyFundRow({ ...key, settled: ZERO_AMOUNT, reassessed: ZERO_AMOUNT, count: 0 }));
        const sum = (pick: (next: (typeof changes)[number]) => string): string => changes.reduce((total, next) => addAmounts(total, pick(next)), ZERO_AMOUNT);
        expect(row.settled).toBe(sum((next) => next.settled));
        expect(row.reassessed).toBe(sum((next) => next.reassessed));
        expect(row.total).toBe(addAmounts(row.settled, row.reassessed));
        expect(row.count).toBe(changes.reduce((count, next) => count + next.count, 0));
      }),
      { numRuns: 300 },
    );
  });
});
