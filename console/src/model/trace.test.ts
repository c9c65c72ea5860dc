import { describe, expect, it } from 'vitest';
import type { Accumulators } from '../api/types';
import type { RenderedStep } from '../api/claim-types';
import { accumulatorRows, categoryReason, readableSteps, totalOf } from './trace';

const cited = { kind: 'cited', doc: 'heze-2022-10', clause: '一(四)', rule: 'assistance.categories.SUBSISTENCE', text: '依据 heze-2022-10 §一(四)' } as const;
const assumed = { kind: 'assumed', note: 'plausible Shandong values', rule: 'basic.ratio', text: '假定值（政策文件未规定）：plausible Shandong values' } as const;

const steps: RenderedStep[] = [
  { index: 1, key: 'category-choice.best', tier: null, title: '适用身份（就高不就低）', text: '就高不就低：低保对象 待遇最高。', provenance: null, figures: [] },
  {
    index: 2,
    key: 'assistance.annual',
    tier: 'assistance',
    title: '医疗救助',
    text: '医疗救助（低保对象）：…支付 19005.00 元。',
    provenance: cited,
    figures: [
      { name: 'ratio', label: '支付比例', value: '0.70', text: '70%', provenance: cited },
      { name: 'cap', label: '年度限额', value: '70000.00', text: '70000.00 元', provenance: cited },
    ],
  },
  {
    index: 3,
    key: 'basic.inpatient',
    tier: 'basic',
    title: '基本医保',
    text: '住院起付线 1000.00 元…',
    provenance: assumed,
    figures: [{ name: 'deductible', label: '起付线', value: '1000.00', text: '1000.00 元', provenance: assumed }],
  },
];

describe('readable explanation', () => {
  it('keeps the ledger’s text and titles, groups amounts and keeps ratios as rendered', () => {
    const [, assistance] = readableSteps(steps);
    expect(assistance).toMatchObject({ index: 2, step: 'assistance.annual', title: '医疗救助', clause: '依据 heze-2022-10 §一(四)', assumed: false });
    expect(assistance?.values).toEqual([
      { key: 'ratio', label: '支付比例', text: '70%', source: '依据 heze-2022-10 §一(四)', assumed: false },
      { key: 'cap', label: '年度限额', text: '70,000.00', source: '依据 heze-2022-10 §一(四)', assumed: false },
    ]);
  });

  it('flags an assumed rule and every assumed figure', () => {
    const basic = readableSteps(steps)[2];
    expect(basic).toMatchObject({ assumed: true, clause: expect.stringContaining('假定') });
    expect(basic?.values[0]).toMatchObject({ key: 'deductible', assumed: true });
  });

  it('finds why the category was applied', () => expect(categoryReason(steps)).toContain('就高不就低'));

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
