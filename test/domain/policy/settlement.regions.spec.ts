import { emptyAccumulators, settle } from '../../../src/domain/policy/settlement';
import type { PolicyPack, PublishedPack } from '../../../src/domain/policy/policy-pack';
import { SettlementRefused, type Claim, type Payouts, type Settlement } from '../../../src/domain/policy/settlement.types';
import type { Category } from '../../../src/domain/vocabulary';
import { adjudicatedClaim, claim, publish, settleYear, traceText } from './fixtures/builders';
import { bozhouPack } from './fixtures/bozhou.pack';
import { fumengPack, fumengPack2022 } from './fixtures/fumeng.pack';
import { guizhouPack } from './fixtures/guizhou.pack';
import { shanxiPack } from './fixtures/shanxi.pack';

const fumeng = publish(fumengPack);
const fumeng2022 = publish(fumengPack2022);
const bozhou = publish(bozhouPack);
const guizhou = publish(guizhouPack);
const shanxi = publish(shanxiPack);

const settleOne = (policy: PublishedPack, held: readonly Category[], submitted: Claim): Settlement =>
  settle({ claim: submitted, policy, heldCategories: held, accumulators: emptyAccumulators() });

interface Case {
  readonly name: string;
  readonly policy: PublishedPack;
  readonly held: readonly Category[];
  readonly claim: Claim;
  readonly expected: Partial<Payouts> & { readonly appliedCategory?: Category | null };
  readonly traceMentions?: readonly string[];
}

const in2022 = { admissionDate: '2022-06-01', dischargeDate: '2022-06-10' } as const;
const in2024 = { admissionDate: '2024-03-01', dischargeDate: '2024-03-10' } as const;
/** a = 10000: basic and critical adjudicated so that the assistance tiers can be checked alone. */
const tenThousandLeft = (shape = {}) => adjudicatedClaim('20000.00', '8000.00', '2000.00', shape);
/** a = 40000. */
const fortyThousandLeft = () => adjudicatedClaim('50000.00', '8000.00', '2000.00');
/** a = 80000. */
const eightyThousandLeft = () => adjudicatedClaim('90000.00', '8000.00', '2000.00');

const fumengCases: readonly Case[] = [
  { name: 'Fumeng §二(二)2: 低保 no threshold, 70% → 7,000.00; 倾斜救助 threshold 3000 not passed', policy: fumeng, held: ['SUBSISTENCE'], claim: tenThousandLeft(), expected: { assistance: '7000.00', reassistance: '0.00' } },
  { name: 'Fumeng §二(二)2: 低保边缘 2000 / 60% → 4,800.00; 倾斜救助 above 5000 at 60% → 120.00', policy: fumeng, held: ['MARGINAL'], claim: tenThousandLeft(), expected: { assistance: '4800.00', reassistance: '120.00' } },
  { name: 'Fumeng §二(二)2: 因病致贫 5000 / 50% → 2,500.00', policy: fumeng, held: ['ILLNESS_IMPOVERISHED'], claim: tenThousandLeft(), expected: { assistance: '2500.00', reassistance: '0.00' } },
  { name: 'Fumeng §二(二)2: 特困 倾斜救助 has no threshold: cap 20000 then 70% of the remaining 20000 → 14,000.00', policy: fumeng, held: ['DESTITUTE'], claim: fortyThousandLeft(), expected: { assistance: '20000.00', reassistance: '14000.00' } },
  { name: 'Fumeng §二(二)2: 孤儿 is its own category with the 特困 rules', policy: fumeng, held: ['ORPHAN'], claim: fortyThousandLeft(), expected: { assistance: '20000.00', reassistance: '14000.00', appliedCategory: 'ORPHAN' } },
  { name: 'Fumeng §二(二)2: 低保 倾斜救助 above 3000 → 11,900.00', policy: fumeng, held: ['SUBSISTENCE'], claim: fortyThousandLeft(), expected: { assistance: '20000.00', reassistance: '11900.00' } },
  { name: 'Fumeng §二(二)2: 低保边缘 基本救助 capped at 20000; 倾斜救助 above 5000 at 60% → 9,000.00', policy: fumeng, held: ['MARGINAL'], claim: fortyThousandLeft(), expected: { assistance: '20000.00', reassistance: '9000.00' } },
  { name: 'Fumeng §二(二)2: 因病致贫 17,500.00; 倾斜救助 above 10000 at 50% → 6,250.00', policy: fumeng, held: ['ILLNESS_IMPOVERISHED'], claim: fortyThousandLeft(), expected: { assistance: '17500.00', reassistance: '6250.00' } },
  { name: 'Fumeng §二(二)2: 倾斜救助 caps — 低保 20000', policy: fumeng, held: ['SUBSISTENCE'], claim: eightyThousandLeft(), expected: { assistance: '20000.00', reassistance: '20000.00' } },
  { name: 'Fumeng §二(二)2: 倾斜救助 caps — 低保边缘 15000', policy: fumeng, held: ['MARGINAL'], claim: eightyThousandLeft(), expected: { assistance: '20000.00', reassistance: '15000.00' } },
  { name: 'Fumeng §二(二)2: 倾斜救助 caps — 因病致贫 10000', policy: fumeng, held: ['ILLNESS_IMPOVERISHED'], claim: eightyThousandLeft(), expected: { assistance: '20000.00', reassistance: '10000.00' } },
  {
    name: 'Fumeng §二(五)2: outside the county with neither referral nor relocation filed → no assistance or 倾斜救助',
    policy: fumeng,
    held: ['SUBSISTENCE'],
    claim: tenThousandLeft({ location: 'IN_CITY' }),
    expected: { assistance: '0.00', reassistance: '0.00' },
    traceMentions: ['referral rule pays no assistance'],
  },
  { name: 'Fumeng §二(五)2: a referred stay outside the county is assisted', policy: fumeng, held: ['SUBSISTENCE'], claim: tenThousandLeft({ location: 'IN_CITY', referred: true }), expected: { assistance: '7000.00' } },
  { name: 'Fumeng §二(五)2: a stay with relocation filed (异地安置备案) is assisted', policy: fumeng, held: ['SUBSISTENCE'], claim: tenThousandLeft({ location: 'OUT_OF_PROVINCE', relocationFiled: true }), expected: { assistance: '7000.00' } },
  {
    name: 'Fumeng §二(一)3: from 2023 the tilted critical-illness ratio is 75%: (17500 − 7500 assumed threshold) × 75% → 7,500.00',
    policy: fumeng,
    held: ['SUBSISTENCE'],
    claim: claim({ total: '17500.00', adjudicated: { basic: '0.00' } }),
    expected: { critical: '7500.00' },
  },
  {
    name: 'Fumeng §二(一)3: before 2023 it was 70% → 7,000.00 (2022 revision)',
    policy: fumeng2022,
    held: ['SUBSISTENCE'],
    claim: claim({ total: '17500.00', adjudicated: { basic: '0.00' }, ...in2022 }),
    expected: { critical: '7000.00' },
  },
  {
    name: 'Fumeng §二(二)2: 低保 severe mental disorder stay: 30 bed days × 80 (assumed) → 2,400.00; 倾斜救助 on the rest above 3000 → 3,220.00',
    policy: fumeng,
    held: ['SUBSISTENCE'],
    claim: tenThousandLeft({ severeMentalDisorder: { bedDays: 30 } }),
    expected: { assistance: '2400.00', reassistance: '3220.00' },
    traceMentions: ['30 bed days × 80.00'],
  },
  { name: 'Fumeng: 稳定脱贫人口 has no assistance rule', policy: fumeng, held: ['STABLE_OUT_OF_POVERTY'], claim: tenThousandLeft(), expected: { assistance: '0.00', reassistance: '0.00' }, traceMentions: ['no assistance rule'] },
];

const bozhouCases: readonly Case[] = [
  {
    name: 'Bozhou 倾斜支付: 特困 threshold 12000 × 0.5 = 6000, 60% + 5 points: (20000 − 6000) × 65% → 9,100.00; assistance 80% of the rest → 8,720.00',
    policy: bozhou,
    held: ['DESTITUTE'],
    claim: claim({ total: '20000.00', adjudicated: { basic: '0.00' } }),
    expected: { critical: '9100.00', assistance: '8720.00', reassistance: '0.00' },
    traceMentions: ['12000.00 × 0.5 = 6000.00'],
  },
  { name: 'Bozhou 大病保险起付线12000, 最低段60%: no category → (20000 − 12000) × 60% → 4,800.00', policy: bozhou, held: [], claim: claim({ total: '20000.00', adjudicated: { basic: '0.00' } }), expected: { critical: '4800.00', assistance: '0.00' } },
  {
    name: 'Bozhou (segments above the threshold): 低保 base 100000 → 88000 × 65% + 6000 × 75% → 61,700.00 with no cap',
    policy: bozhou,
    held: ['SUBSISTENCE'],
    claim: claim({ total: '100000.00', adjudicated: { basic: '0.00' } }),
    expected: { critical: '61700.00' },
  },
  { name: 'Bozhou: 监测人口 are not tilted: base 100000 → 88000 × 60% → 52,800.00', policy: bozhou, held: ['UNSTABLE'], claim: claim({ total: '100000.00', adjudicated: { basic: '0.00' } }), expected: { critical: '52800.00' } },
  { name: 'Bozhou 救助: 特困 80% → 8,000.00', policy: bozhou, held: ['DESTITUTE'], claim: tenThousandLeft(), expected: { assistance: '8000.00' } },
  { name: 'Bozhou 救助: 低保 75% → 7,500.00', policy: bozhou, held: ['SUBSISTENCE'], claim: tenThousandLeft(), expected: { assistance: '7500.00' } },
  { name: 'Bozhou 救助: 返贫致贫 above 1500 at 70% → 5,950.00', policy: bozhou, held: ['RETURNED_TO_POVERTY'], claim: tenThousandLeft(), expected: { assistance: '5950.00' } },
  { name: 'Bozhou 救助: 监测人口 (边缘易致贫) above 3000 at 60% → 4,200.00', policy: bozhou, held: ['EDGE'], claim: tenThousandLeft(), expected: { assistance: '4200.00' } },
];

const guizhouCases: readonly Case[] = [
  {
    name: 'Guizhou §二(二)3: critical threshold = 50% of the 2021 statistic 24000 (illustrative) = 12000 → (20000 − 12000) × 60% → 4,800.00',
    policy: guizhou,
    held: [],
    claim: claim({ total: '20000.00', adjudicated: { basic: '0.00' }, ...in2022 }),
    expected: { critical: '4800.00' },
    traceMentions: ['residentPerCapitaDisposableIncome (region) for 2021 24000.00 = 12000.00'],
  },
  { name: 'Guizhou §二(二)3: the tilt halves it to 6000 and adds 5 points → 9,100.00', policy: guizhou, held: ['SUBSISTENCE'], claim: claim({ total: '20000.00', adjudicated: { basic: '0.00' }, ...in2022 }), expected: { critical: '9100.00' } },
  { name: 'Guizhou §二(二)3: in 2023 the 2022 statistic 25000 gives 12500 → 4,500.00', policy: guizhou, held: [], claim: claim({ total: '20000.00', adjudicated: { basic: '0.00' } }), expected: { critical: '4500.00' } },
  { name: 'Guizhou §二(一)2: 稳定脱贫人口 keep the tilt during the transition (assumed until 2022-12-31) → 9,100.00', policy: guizhou, held: ['STABLE_OUT_OF_POVERTY'], claim: claim({ total: '20000.00', adjudicated: { basic: '0.00' }, ...in2022 }), expected: { critical: '9100.00' } },
  { name: 'Guizhou §二(一)2: … and leave it after → standard 4,500.00 in 2023', policy: guizhou, held: ['STABLE_OUT_OF_POVERTY'], claim: claim({ total: '20000.00', adjudicated: { basic: '0.00' } }), expected: { critical: '4500.00' } },
  { name: 'Guizhou §二(二)4: 特困 100% → 30,000.00', policy: guizhou, held: ['DESTITUTE'], claim: adjudicatedClaim('30000.00', '0.00', '0.00'), expected: { assistance: '30000.00' } },
  { name: 'Guizhou §二(二)4: 易返贫 70% → 21,000.00', policy: guizhou, held: ['EDGE'], claim: adjudicatedClaim('30000.00', '0.00', '0.00'), expected: { assistance: '21000.00' } },
  { name: 'Guizhou §二(二)4: 突发严重困难户 50% → 15,000.00', policy: guizhou, held: ['SUDDEN_HARDSHIP'], claim: adjudicatedClaim('30000.00', '0.00', '0.00'), expected: { assistance: '15000.00' } },
  {
    name: 'Guizhou §二(二)4: 倾斜救助 above the assistance cap for a referred 特困: K = 50000 / 1.00, 50% (assumed) of 10000 → 5,000.00',
    policy: guizhou,
    held: ['DESTITUTE'],
    claim: adjudicatedClaim('60000.00', '0.00', '0.00', { referred: true, location: 'IN_PROVINCE' }),
    expected: { assistance: '50000.00', reassistance: '5000.00' },
  },
  {
    name: 'Guizhou §二(二)4: 低保 K = 50000 / 0.70 = 71428.57…; 50% of (80000 − K) = 4285.714… → 4,285.71',
    policy: guizhou,
    held: ['SUBSISTENCE'],
    claim: adjudicatedClaim('80000.00', '0.00', '0.00', { referred: true }),
    expected: { assistance: '50000.00', reassistance: '4285.71' },
  },
  {
    name: 'Guizhou §二(二)4: 倾斜救助 only for 规范转诊 claims',
    policy: guizhou,
    held: ['DESTITUTE'],
    claim: adjudicatedClaim('60000.00', '0.00', '0.00'),
    expected: { assistance: '50000.00', reassistance: '0.00' },
    traceMentions: ['only on referred claims'],
  },
];

const shanxiCases: readonly Case[] = [
  {
    name: 'Shanxi §二: 低保边缘 threshold = share (assumed 10%) of the 2022 province statistic 29000 (illustrative) = 2900 → 60% of 7100 → 4,260.00',
    policy: shanxi,
    held: ['MARGINAL'],
    claim: tenThousandLeft({ admissionDate: '2023-06-01', dischargeDate: '2023-06-10' }),
    expected: { assistance: '4260.00' },
    traceMentions: ['29000.00 = 2900.00'],
  },
  {
    name: 'Shanxi §二 在统计部门未公布相关数据前，可按上一年度的起付标准: 2024 with no 2023 statistic → 2900 again → 4,260.00',
    policy: shanxi,
    held: ['MARGINAL'],
    claim: tenThousandLeft(in2024),
    expected: { assistance: '4260.00' },
    traceMentions: ['not published in revision 2023-05-01', "the previous year's assistance threshold applies"],
  },
];

describe.each([
  ['Fumeng 阜蒙政办发〔2022〕9号', fumengCases],
  ['Bozhou 实施方案', bozhouCases],
  ['Guizhou 实施方案', guizhouCases],
  ['Shanxi 晋医保发〔2023〕7号', shanxiCases],
])('settle: %s', (_region, cases) => {
  it.each(cases)('$name', ({ policy, held, claim: submitted, expected, traceMentions }) => {
    const settlement = settleOne(policy, held, submitted);
    const { appliedCategory, ...payouts } = expected;
    expect(settlement.payouts).toMatchObject(payouts);
    if (appliedCategory !== undefined) expect(settlement.appliedCategory).toBe(appliedCategory);
    (traceMentions ?? []).forEach((text) => expect(traceText(settlement)).toContain(text));
  });
});

describe('settle: region rules across a year', () => {
  // Fumeng §二(五)2 and contract §2: a claim refused by the referral rule does not advance A or R.
  it('leaves A and R untouched by a claim the referral rule refuses', () => {
    const { settlements, accumulators } = settleYear(fumeng, [{ claim: tenThousandLeft({ location: 'IN_CITY' }), held: ['MARGINAL'] }]);
    expect(settlements[0]!.payouts.assistance).toBe('0.00');
    expect(accumulators).toMatchObject({ criticalBase: '12000.00', assistanceBase: '0.00', reassistanceBase: '0.00' });
  });

  // Guizhou §二(二)4: 慢特病门诊和住院救助共用年度救助限额 50000.
  it('shares one assistance cap between outpatient and inpatient claims (Guizhou 50000)', () => {
    const { settlements, accumulators } = settleYear(guizhou, [
      { claim: adjudicatedClaim('40000.00', '0.00', '0.00', { kind: 'OUTPATIENT_CHRONIC' }), held: ['SUBSISTENCE'] },
      { claim: adjudicatedClaim('40000.00', '0.00', '0.00'), held: ['SUBSISTENCE'] },
    ]);
    expect(settlements.map((s) => s.payouts.assistance)).toEqual(['28000.00', '22000.00']);
    expect(accumulators.paid.assistance).toBe('50000.00');
  });

  // Guizhou §二(三)4: 住院起付线连续计算 for a referred in-province stay of a low-income person.
  it('charges only the difference of the deductibles on a referred in-province stay (Guizhou, assumed 200 / 800)', () => {
    const stays = (referred: boolean) => [
      claim({ hospitalLevel: 'PRIMARY', total: '10000.00' }),
      claim({ hospitalLevel: 'TERTIARY', location: 'IN_PROVINCE', referred, total: '20000.00', admissionDate: '2023-04-01', dischargeDate: '2023-04-20' }),
    ];
    const lowIncome = settleYear(guizhou, stays(true).map((c) => ({ claim: c, held: ['SUBSISTENCE'] as Category[] })));
    expect(lowIncome.settlements.map((s) => s.payouts.basic)).toEqual(['6860.00', '11640.00']);
    expect(lowIncome.accumulators.inpatientDeductiblePaid).toBe('800.00');
    const others = settleYear(guizhou, stays(true).map((c) => ({ claim: c, held: [] as Category[] })));
    expect(others.settlements[1]!.payouts.basic).toBe('11520.00');
    const unreferred = settleYear(guizhou, stays(false).map((c) => ({ claim: c, held: ['SUBSISTENCE'] as Category[] })));
    expect(unreferred.settlements[1]!.payouts.basic).toBe('11520.00');
  });
});

describe('settle: statistics that are not published', () => {
  // Guizhou has no fallback: a 2024 claim needs the 2023 statistic, which no revision publishes.
  it('refuses with NO_POLICY_IN_FORCE naming the statistic when there is no fallback', () => {
    const attempt = () => settleOne(guizhou, [], claim({ total: '20000.00', ...in2024 }));
    expect(attempt).toThrow(SettlementRefused);
    expect(attempt).toThrow(/residentPerCapitaDisposableIncome \(region\) for 2023/);
    try {
      attempt();
    } catch (error) {
      expect((error as SettlementRefused).code).toBe('NO_POLICY_IN_FORCE');
    }
  });

  it('refuses in Shanxi too when the pack drops the fallback', () => {
    const noFallback = publish({ ...shanxiPack, statisticFallback: 'none' });
    expect(() => settleOne(noFallback, ['MARGINAL'], tenThousandLeft(in2024))).toThrow(/residentPerCapitaDisposableIncome \(province\) for 2023/);
  });

  it('uses the statistic once a corrected revision publishes it (2023: 30000 → threshold 3000 → 4,200.00)', () => {
    const corrected: PolicyPack = {
      ...shanxiPack,
      revision: '2023-05-01-c1',
      corrects: '2023-05-01',
      statistics: [...shanxiPack.statistics!, { assumed: true, note: 'illustrative', statistic: 'residentPerCapitaDisposableIncome', geography: 'province', year: 2023, value: '30000.00' }],
    };
    expect(settleOne(publish(corrected), ['MARGINAL'], tenThousandLeft(in2024)).payouts.assistance).toBe('4200.00');
  });
});
