import { settle, emptyAccumulators, formatTrace } from '../../../src/domain/policy/settlement';
import { provenanceAt } from '../../../src/domain/policy/provenance';
import type { Claim, Payouts, Settlement } from '../../../src/domain/policy/settlement.types';
import type { Category } from '../../../src/domain/vocabulary';
import { adjudicatedClaim, claim, costs, publish, settleYear, traceText } from './fixtures/builders';
import { hezePack } from './fixtures/heze.pack';

const heze = publish(hezePack);
const settleOne = (held: readonly Category[], submitted: Claim): Settlement =>
  settle({ claim: submitted, policy: heze, heldCategories: held, accumulators: emptyAccumulators() });

interface Case {
  readonly name: string;
  readonly held: readonly Category[];
  readonly claim: Claim;
  readonly expected: Partial<Payouts> & { readonly outOfPocket?: string; readonly appliedCategory?: Category | null; readonly policyScope?: string };
  readonly traceMentions?: readonly string[];
}

const hezeCases: readonly Case[] = [
  {
    name: 'Heze §一(三): 低保, critical-illness base 150000 in one year → 96,750.00 (95000×65% + 50000×70%); §一(四) 70% of the rest, 再救助 70% above 5000',
    held: ['SUBSISTENCE'],
    claim: claim({ total: '200000.00', adjudicated: { basic: '50000.00' } }),
    expected: { critical: '96750.00', assistance: '37275.00', reassistance: '7682.50', outOfPocket: '8292.50', appliedCategory: 'SUBSISTENCE' },
  },
  {
    name: 'Heze §一(三) 其他人员不享受倾斜: the standard schedule (assumed 15000, 60%/65%) pays 83,500.00 on 150000; §一(四) 其他人员不享受医疗救助',
    held: [],
    claim: claim({ total: '200000.00', adjudicated: { basic: '50000.00' } }),
    expected: { critical: '83500.00', assistance: '0.00', reassistance: '0.00', outOfPocket: '66500.00', appliedCategory: null },
    traceMentions: ['其他人员不享受医疗救助'],
  },
  {
    name: 'Heze §一(三)(四): 特困, base 400000 → critical 286,750.00 with no cap; assistance 70% with no cap 79,275.00; 再救助 capped at 20,000.00',
    held: ['DESTITUTE'],
    claim: claim({ total: '450000.00', adjudicated: { basic: '50000.00' } }),
    expected: { critical: '286750.00', assistance: '79275.00', reassistance: '20000.00', outOfPocket: '13975.00' },
  },
  {
    name: 'Heze §一(四): 低保 assistance capped at 70,000.00 a year',
    held: ['SUBSISTENCE'],
    claim: claim({ total: '450000.00', adjudicated: { basic: '50000.00' } }),
    expected: { critical: '286750.00', assistance: '70000.00', reassistance: '20000.00' },
  },
  {
    name: 'Heze §一(四): 返贫致贫 assistance capped at 10,000.00 a year',
    held: ['RETURNED_TO_POVERTY'],
    claim: claim({ total: '450000.00', adjudicated: { basic: '50000.00' } }),
    expected: { critical: '286750.00', assistance: '10000.00', reassistance: '20000.00' },
  },
  {
    name: 'Heze §一(四): 低保边缘 (易返贫) inpatient, 50% above 3000 → 3,500.00; 再救助 threshold 10000 not reached',
    held: ['MARGINAL'],
    claim: adjudicatedClaim('20000.00', '8000.00', '2000.00'),
    expected: { assistance: '3500.00', reassistance: '0.00', outOfPocket: '6500.00' },
  },
  {
    name: 'Heze §一(四): 易返贫 assistance covers 住院 only; an outpatient chronic claim gets none',
    held: ['EDGE'],
    claim: adjudicatedClaim('20000.00', '8000.00', '2000.00', { kind: 'OUTPATIENT_CHRONIC' }),
    expected: { assistance: '0.00', reassistance: '0.00' },
    traceMentions: ['covers only inpatient, not outpatient chronic'],
  },
  {
    name: 'Heze §一(四): 支出型困难户 另行制定 → no assistance, and the trace says why',
    held: ['SUDDEN_HARDSHIP'],
    claim: adjudicatedClaim('20000.00', '8000.00', '2000.00'),
    expected: { assistance: '0.00', reassistance: '0.00', appliedCategory: 'SUDDEN_HARDSHIP' },
    traceMentions: ['另行制定'],
  },
  {
    name: 'Heze (categoryAliases): an orphan is settled as 特困',
    held: ['ORPHAN'],
    claim: adjudicatedClaim('10000.00', '5000.00', '0.00'),
    expected: { assistance: '3500.00', appliedCategory: 'DESTITUTE' },
    traceMentions: ['ORPHAN is managed as DESTITUTE'],
  },
  {
    name: 'Heze §一(五)2: 低保 treated in-province elsewhere keeps 异地就医个人首先自付 inside P (waived): P 11000, basic 7,350.00, assistance 2,555.00',
    held: ['SUBSISTENCE'],
    claim: claim({ location: 'IN_PROVINCE', costs: costs('11000.00', { outOfAreaFirstSelfPay: '1000.00' }) }),
    expected: { policyScope: '11000.00', basic: '7350.00', critical: '0.00', assistance: '2555.00', reassistance: '0.00', outOfPocket: '1095.00' },
  },
  {
    name: 'Heze §一(五)2: a person with no helped category pays 异地就医个人首先自付 (outside P): P 10000, basic 6,650.00',
    held: [],
    claim: claim({ location: 'IN_PROVINCE', costs: costs('11000.00', { outOfAreaFirstSelfPay: '1000.00' }) }),
    expected: { policyScope: '10000.00', basic: '6650.00', critical: '0.00', assistance: '0.00', outOfPocket: '4350.00' },
  },
  {
    name: 'Rounding (contract §2): 70% of 1234.55 is 864.185 and rounds half up to 864.19',
    held: ['SUBSISTENCE'],
    claim: adjudicatedClaim('1234.55', '0.00', '0.00'),
    expected: { assistance: '864.19', outOfPocket: '370.36' },
  },
  {
    name: 'Heze basic (assumed table): inpatient, deductible 500 per episode, 70% → 6,650.00',
    held: [],
    claim: claim({ total: '10000.00' }),
    expected: { basic: '6650.00', critical: '0.00', outOfPocket: '3350.00' },
  },
  {
    name: 'Heze basic (assumed table): out of province, first matching row 50% → 4,750.00',
    held: [],
    claim: claim({ total: '10000.00', location: 'OUT_OF_PROVINCE' }),
    expected: { basic: '4750.00' },
  },
];

describe('settle: Heze 菏医保〔2022〕10号', () => {
  it.each(hezeCases)('$name', ({ held, claim: submitted, expected, traceMentions }) => {
    const settlement = settleOne(held, submitted);
    const { outOfPocket, appliedCategory, policyScope, ...payouts } = expected;
    expect(settlement.payouts).toMatchObject(payouts);
    if (outOfPocket !== undefined) expect(settlement.outOfPocket).toBe(outOfPocket);
    if (appliedCategory !== undefined) expect(settlement.appliedCategory).toBe(appliedCategory);
    if (policyScope !== undefined) expect(settlement.policyScope).toBe(policyScope);
    (traceMentions ?? []).forEach((text) => expect(traceText(settlement)).toContain(text));
  });
});

describe('settle: a Heze person-year, claim after claim', () => {
  // Heze §一(四)(五)3: 易返贫 threshold 3000 and cap 10000 accumulate over the year; 再救助 above 10000, cap 10000.
  it('consumes the 易返贫 threshold once, hits the 10000 cap exactly, then pays only re-assistance', () => {
    const { settlements, accumulators } = settleYear(heze, [
      { claim: adjudicatedClaim('20000.00', '8000.00', '2000.00'), held: ['MARGINAL'] },
      { claim: adjudicatedClaim('30000.00', '12000.00', '3000.00'), held: ['MARGINAL'] },
      { claim: adjudicatedClaim('10000.00', '4000.00', '1000.00'), held: ['MARGINAL'] },
    ]);
    expect(settlements.map((s) => [s.payouts.assistance, s.payouts.reassistance])).toEqual([
      ['3500.00', '0.00'],
      ['6500.00', '3500.00'],
      ['0.00', '3500.00'],
    ]);
    expect(accumulators).toMatchObject({
      assistanceBase: '30000.00',
      reassistanceBase: '20000.00',
      paid: { assistance: '10000.00', reassistance: '7000.00' },
      claimCount: 3,
    });
  });

  // Heze §一(三): 累计计算 — the 5000 threshold is deducted once a year, across claims.
  it('deducts the critical-illness threshold once a year across claims', () => {
    const { settlements } = settleYear(heze, [
      { claim: claim({ total: '3000.00', adjudicated: { basic: '0.00' } }), held: ['SUBSISTENCE'] },
      { claim: claim({ total: '7000.00', adjudicated: { basic: '0.00' } }), held: ['SUBSISTENCE'] },
    ]);
    expect(settlements.map((s) => s.payouts.critical)).toEqual(['0.00', '3250.00']);
    const critical = settlements[1]!.trace.find((step) => step.key.startsWith('critical.'))!;
    expect(critical.values).toMatchObject({ baseBefore: '3000.00', baseAfter: '10000.00', thresholdConsumed: '2000.00' });
  });

  // Contract §2 mid-year identity change: 12000 paid as 低保, then 返贫 with a 10000 cap → no more assistance.
  it('applies the new category against the shared accumulators after a mid-year change', () => {
    const { settlements } = settleYear(heze, [
      { claim: adjudicatedClaim('27142.86', '10000.00', '0.00'), held: ['SUBSISTENCE'] },
      { claim: adjudicatedClaim('20000.00', '10000.00', '0.00'), held: ['RETURNED_TO_POVERTY'] },
    ]);
    expect(settlements[0]!.payouts).toMatchObject({ assistance: '12000.00', reassistance: '100.00' });
    expect(settlements[1]!.payouts).toMatchObject({ assistance: '0.00', reassistance: '7000.00' });
    expect(settlements[1]!.trace.find((step) => step.key === 'assistance.annual')!.values).toMatchObject({ cap: '10000.00', capRemainingBefore: '0.00' });
  });

  it('pays the outpatient deductible once a year across outpatient kinds (assumed 200, 60%)', () => {
    const { settlements, accumulators } = settleYear(heze, [
      { claim: claim({ kind: 'OUTPATIENT_CHRONIC', total: '150.00' }), held: [] },
      { claim: claim({ kind: 'HIGH_VALUE_DRUG', total: '1000.00' }), held: [] },
    ]);
    expect(settlements.map((s) => s.payouts.basic)).toEqual(['0.00', '570.00']);
    expect(accumulators.outpatientDeductibleConsumed).toBe('200.00');
  });

  it('charges the inpatient deductible on every stay', () => {
    const { settlements } = settleYear(heze, [
      { claim: claim({ total: '1000.00' }), held: [] },
      { claim: claim({ total: '1000.00' }), held: [] },
    ]);
    expect(settlements.map((s) => s.payouts.basic)).toEqual(['350.00', '350.00']);
  });

  it('hits the basic annual cap (assumed 200000) exactly and pays no basic after it', () => {
    const { settlements } = settleYear(heze, [
      { claim: claim({ total: '300000.00' }), held: [] },
      { claim: claim({ total: '10000.00' }), held: [] },
    ]);
    expect(settlements.map((s) => s.payouts.basic)).toEqual(['200000.00', '0.00']);
  });
});

describe('settle: 就高不就低 in Heze', () => {
  // 低保: critical 2000 (adjudicated) + 70% × 10000 + 0 = 9000; 低保边缘: 2000 + 50% × 7000 + 0 = 5500.
  it('records every held category and applies the best-paying one (低保 over 低保边缘)', () => {
    const settlement = settleOne(['MARGINAL', 'SUBSISTENCE'], adjudicatedClaim('20000.00', '8000.00', '2000.00'));
    expect(settlement.appliedCategory).toBe('SUBSISTENCE');
    expect(settlement.evaluations).toEqual([
      { category: 'SUBSISTENCE', benefit: '9000.00' },
      { category: 'MARGINAL', benefit: '5500.00' },
    ]);
    expect(traceText(settlement)).toContain('就高不就低');
  });

  it('breaks a tie by the order of the categories table (脱贫不稳定 before 边缘易致贫)', () => {
    const settlement = settleOne(['EDGE', 'UNSTABLE'], adjudicatedClaim('20000.00', '8000.00', '2000.00'));
    expect(settlement.evaluations.map((e) => e.benefit)).toEqual(['5500.00', '5500.00']);
    expect(settlement.appliedCategory).toBe('UNSTABLE');
    expect(traceText(settlement)).toContain('first in the order of the categories table');
  });

  it('applies the pack categoryPriority instead when it is set, and still records every evaluation', () => {
    const prioritised = publish({ ...hezePack, categoryPriority: ['MARGINAL', 'SUBSISTENCE'] });
    const settlement = settle({ claim: adjudicatedClaim('20000.00', '8000.00', '2000.00'), policy: prioritised, heldCategories: ['SUBSISTENCE', 'MARGINAL'], accumulators: emptyAccumulators() });
    expect(settlement.appliedCategory).toBe('MARGINAL');
    expect(settlement.payouts.assistance).toBe('3500.00');
    expect(settlement.evaluations).toHaveLength(2);
    expect(traceText(settlement)).toContain('category priority');
  });
});

describe('settle: the trace', () => {
  const settlement = settleOne(['SUBSISTENCE'], claim({ total: '200000.00', adjudicated: { basic: '50000.00' } }));

  it('records the policy, the categories and every tier as message keys with their figures and pack rules', () => {
    const keys = settlement.trace.map((step) => step.key);
    expect(keys).toEqual([
      'policy', 'reference-date.discharge', 'categories.held', 'policy-scope', 'basic.adjudicated', 'category-choice.only',
      'critical.tilted', 'assistance.annual', 'reassistance.remainder-annual', 'accumulators', 'out-of-pocket',
    ]);
    const byKey = Object.fromEntries(settlement.trace.map((step) => [step.key, step]));
    expect(byKey['critical.tilted']!.rule).toBe('critical.tilted.schedule');
    expect(provenanceAt(heze.pack, byKey['critical.tilted']!.rule!)).toEqual({ kind: 'cited', source: { doc: 'heze-2022-10', clause: '一(三)' } });
    expect(byKey['critical.tilted']!.values).toMatchObject({ tiltCategory: 'SUBSISTENCE', threshold: '5000.00', thresholdConsumed: '5000.00', cap: 'none' });
    expect(byKey['critical.tilted']!.values).not.toHaveProperty('exact');
    expect(provenanceAt(heze.pack, byKey['assistance.annual']!.rule!)).toEqual({ kind: 'cited', source: { doc: 'heze-2022-10', clause: '一(四)' } });
    expect(byKey['assistance.annual']!.values).toMatchObject({ capRemainingBefore: '70000.00', capRemainingAfter: '32725.00' });
    expect(settlement.accumulators.after).toMatchObject({ criticalBase: '150000.00', assistanceBase: '53250.00' });
  });

  it('renders numbered lines an inspector can follow, in English and in Chinese', () => {
    const english = formatTrace(settlement, heze.pack, 'en');
    expect(english).toContain('1. [Policy revision] Settled under 菏泽市 (heze) revision 2022-05-01');
    expect(english).toMatch(/\n7\. \[Critical illness\] Critical illness \(大病保险\) uses the tilted schedule for 低保对象|\n7\. \[Critical illness\] Critical illness \(大病保险\) uses the tilted schedule for Subsistence/);
    expect(english).toContain('clause: heze-2022-10 §一(四)');
    const chinese = formatTrace(settlement, heze.pack, 'zh');
    expect(chinese).toContain('大病保险对 低保对象 实行倾斜支付');
    expect(chinese).toContain('依据 heze-2022-10 §一(四)');
  });

  it('cites assumed values as assumed', () => {
    const standard = settleOne([], claim({ total: '200000.00', adjudicated: { basic: '50000.00' } }));
    const critical = standard.trace.find((step) => step.key === 'critical.standard')!;
    expect(provenanceAt(heze.pack, critical.rule!)).toMatchObject({ kind: 'assumed', note: expect.stringMatching(/^fixture: standard schedule/) });
    expect(formatTrace(standard, heze.pack, 'en')).toMatch(/assumed \(the seed does not state it.*\): fixture: standard schedule/);
  });
});
