import { describe, expect, it } from 'vitest';
import type { Accumulators, TraceStep } from '../api/types';
import { accumulatorRows, categoryReason, heldInTrace, readableSteps, totalOf } from './trace';

const trace: TraceStep[] = [
  { step: 'category-choice', explanation: 'Of 低保对象 and 返贫致贫人口, 低保对象 pays most.' },
  {
    step: 'assistance',
    explanation: '低保: no threshold, 70% of 27150.00.',
    clause: 'heze-2022-10 §一(四)',
    values: { rounding: 'to 0.01 yuan, ROUND_HALF_UP', capRemainingAfter: '50995.00', ratio: '0.70', increment: '27150.00', cap: '70000.00', exact: '19005.000', rounded: '19005.00' },
  },
  { step: 'something-new', explanation: 'A step this console does not know yet.', clause: 'assumed: no rule in the seeds', values: { widget: '3' } },
];

describe('readable trace', () => {
  it('titles known steps, orders values as a settlement is reasoned, and formats amounts and ratios', () => {
    const [, assistance] = readableSteps('zh', trace);
    expect(assistance?.title).toBe('医疗救助');
    expect(assistance?.clause).toBe('heze-2022-10 §一(四)');
    expect(assistance?.values.map((value) => value.key)).toEqual(['increment', 'ratio', 'cap', 'capRemainingAfter', 'exact', 'rounded', 'rounding']);
    expect(assistance?.values.find((value) => value.key === 'ratio')?.text).toBe('70%');
    expect(assistance?.values.find((value) => value.key === 'cap')).toEqual({ key: 'cap', label: '年度封顶', text: '70,000.00' });
    expect(assistance?.values.find((value) => value.key === 'exact')?.text).toBe('19005.000');
  });

  it('keeps unknown steps and keys visible and flags assumed clauses', () => {
    const unknown = readableSteps('en', trace)[2];
    expect(unknown).toMatchObject({ index: 3, title: 'something-new', assumed: true, values: [{ key: 'widget', label: 'widget', text: '3' }] });
  });

  it('names categories in lists and compared amounts, and groups before → after amounts', () => {
    const [step] = readableSteps('zh', [
      { step: 'categories', explanation: '…', values: { held: 'EDGE, SUBSISTENCE', evaluated: 'none', assistanceBase: '0.00 → 24150.00' } },
    ]);
    expect(step?.values.map((value) => value.text)).toEqual(['边缘易致贫人口 EDGE、低保对象 SUBSISTENCE', '无', '0.00 → 24,150.00']);
    const [choice] = readableSteps('zh', [{ step: 'category-choice', explanation: '…', values: { EDGE: 'critical 1.00 = 1.00' } }]);
    expect(choice?.values[0]?.label).toBe('边缘易致贫人口');
    expect(heldInTrace([{ step: 'categories', explanation: '…', values: { held: 'EDGE' } }])).toEqual(['EDGE']);
    expect(heldInTrace([])).toBeNull();
  });

  it('finds why the category was applied', () => expect(categoryReason(trace)).toContain('pays most'));

  it('lists accumulators before and after with what changed', () => {
    const paid = { basic: '0.00', critical: '0.00', assistance: '0.00', reassistance: '0.00' };
    const before: Accumulators = { criticalBase: '0.00', assistanceBase: '0.00', reassistanceBase: '0.00', paid, burdenTotal: '0.00', burdenPolicyScope: '0.00', claimCount: 0 };
    const after: Accumulators = { ...before, assistanceBase: '27150.00', paid: { ...paid, assistance: '19005.00' }, claimCount: 1 };
    const rows = accumulatorRows(before, after);
    expect(rows.find((row) => row.key === 'acc.assistanceBase')).toEqual({ key: 'acc.assistanceBase', before: '0.00', after: '27150.00', changed: true });
    expect(rows.find((row) => row.key === 'tier.basic')?.changed).toBe(false);
    expect(totalOf({ basic: '-10.00', critical: '2.50', assistance: '0.00', reassistance: '0.00' })).toBe('-7.50');
  });
});
