import { evaluateMonitoring } from '../../../src/domain/policy/monitoring';
import { selectRevision } from '../../../src/domain/policy/revision-selection';
import type { Accumulators, Payouts, Settlement } from '../../../src/domain/policy/settlement.types';
import { emptyAccumulators } from '../../../src/domain/policy/settlement';
import type { Category, Scheme } from '../../../src/domain/vocabulary';
import { claim, costs, settleYear, type ClaimShape } from './fixtures/builders';
import { SHIPPED_PACKS, shippedPolicyOn, shippedSubsidy } from './fixtures/shipped-packs';

/**
 * The fidelity audit of round 22: every number a seed states that the other seed tables
 * (seed-regions, seed-findings, examples/) did not yet put through the engine, against the packs shipped
 * under `policies/`. Each row cites the clause and works the amount out by hand from the seed text in its
 * name; where the amount also rests on an assumed pack value, the name says which.
 */

const packs = SHIPPED_PACKS;

const policyFor = shippedPolicyOn;

const on = (date: string): ClaimShape => ({ admissionDate: date, dischargeDate: date });
const spring2023 = on('2023-03-10');
/** A claim whose basic and critical payouts were settled elsewhere, leaving `total − basic − critical` to the assistance tiers. */
const left = (total: string, basic: string, critical: string, shape: ClaimShape = {}): ClaimShape => ({ total, adjudicated: { basic, critical }, ...spring2023, ...shape });

interface Row {
  readonly name: string;
  readonly region: string;
  readonly held: readonly Category[];
  /** Claims in recorded order, one person-year; the last one is checked. */
  readonly claims: readonly ClaimShape[];
  readonly expected: Partial<Payouts> & { readonly outOfPocket?: string; readonly policyScope?: string };
}

const ROWS: readonly Row[] = [
  // Heze, 菏医保〔2022〕10号.
  {
    name:
      'Heze 一(三) 不设年度最高支付限额: 特困 base 700000 → 95000×0.65 + 100000×0.70 + 100000×0.75 + 400000×0.80 = 526,750.00 ' +
      '(above the standard 400000 cap); 一(四) 70% of 173250 → 121,275.00; 再救助 70% × 46975 capped at 20,000.00',
    region: 'heze',
    held: ['DESTITUTE'],
    claims: [{ total: '750000.00', adjudicated: { basic: '50000.00' }, ...spring2023 }],
    expected: { critical: '526750.00', assistance: '121275.00', reassistance: '20000.00', outOfPocket: '31975.00' },
  },
  {
    name:
      'Heze 一(三) 其他人员不享受倾斜: 低保边缘 base 150000 on the standard schedule (assumed 15000, 60%/65%) → 83,500.00; ' +
      '一(四) 易返贫 50% × 63500 capped at 1万 → 10,000.00; 再救助 70% × 46500 capped at 1万 → 10,000.00',
    region: 'heze',
    held: ['MARGINAL'],
    claims: [{ total: '200000.00', adjudicated: { basic: '50000.00' }, ...spring2023 }],
    expected: { critical: '83500.00', assistance: '10000.00', reassistance: '10000.00', outOfPocket: '46500.00' },
  },
  {
    name: 'Heze 一(四): 脱贫不稳定 a = 20000 → 50% above 3000 = 8,500.00; 再救助 70% of (11500 − 10000) → 1,050.00',
    region: 'heze',
    held: ['UNSTABLE'],
    claims: [left('30000.00', '8000.00', '2000.00')],
    expected: { assistance: '8500.00', reassistance: '1050.00', outOfPocket: '10450.00' },
  },
  {
    name: 'Heze 一(五)1: 乙类先行自付, 超支付标准 and 目录外 leave the scope: P = 13000 − 3 × 1000 = 10000; 低保 70% of 5000 → 3,500.00',
    region: 'heze',
    held: ['SUBSISTENCE'],
    claims: [{ costs: costs('13000.00', { outOfCatalog: '1000.00', categoryBSelfPay: '1000.00', overStandard: '1000.00' }), adjudicated: { basic: '5000.00', critical: '0.00' }, ...spring2023 }],
    expected: { assistance: '3500.00', reassistance: '0.00', outOfPocket: '4500.00', policyScope: '10000.00' },
  },
  {
    name:
      'Heze 一(五)3: 门诊慢特病 and 住院 share 低保’s 7万 cap and the 再救助 2万 (含再救助): 42000 then 28,000.00; ' +
      '再救助 9100 then 70% × (50000 − 5000) − 9100 = 22400, capped at the 10,900.00 left',
    region: 'heze',
    held: ['SUBSISTENCE'],
    claims: [left('60000.00', '0.00', '0.00', { kind: 'OUTPATIENT_CHRONIC' }), left('60000.00', '0.00', '0.00', on('2023-04-10'))],
    expected: { assistance: '28000.00', reassistance: '10900.00', outOfPocket: '21100.00' },
  },
  {
    name: 'Heze 一(五)3: the 再救助 threshold 5000 is consumed once a year across kinds: remainders 3000 (门诊慢特病) + 3000 → 70% × 1000 = 700.00',
    region: 'heze',
    held: ['SUBSISTENCE'],
    claims: [left('10000.00', '0.00', '0.00', { kind: 'OUTPATIENT_CHRONIC' }), left('10000.00', '0.00', '0.00', on('2023-04-10'))],
    expected: { assistance: '7000.00', reassistance: '700.00', outOfPocket: '2300.00' },
  },
  {
    name: 'Heze 一(三) 起付线5000 is met once a year: 低保 bases 4000 then 4000 → (8000 − 5000) × 0.65 = 1,950.00; 一(四) 70% × 2050 → 1,435.00',
    region: 'heze',
    held: ['SUBSISTENCE'],
    claims: [{ total: '54000.00', adjudicated: { basic: '50000.00' }, ...spring2023 }, { total: '54000.00', adjudicated: { basic: '50000.00' }, ...on('2023-04-10') }],
    expected: { critical: '1950.00', assistance: '1435.00', reassistance: '0.00', outOfPocket: '615.00' },
  },
  {
    name: 'Heze 一(四) with the contract’s rounding (each tier once, to the fen, half up): 低保 70% × 100.15 = 70.105 → 70.11',
    region: 'heze',
    held: ['SUBSISTENCE'],
    claims: [left('100.15', '0.00', '0.00')],
    expected: { assistance: '70.11', outOfPocket: '30.04' },
  },
  // Fumeng, 阜蒙政办发〔2022〕9号, 2023 levels.
  {
    name: 'Fumeng 二(二)2: 孤儿 (its own category) 70% capped at 2万 → 20,000.00; 倾斜救助 no threshold 70% × 20000 → 14,000.00',
    region: 'fumeng',
    held: ['ORPHAN'],
    claims: [left('50000.00', '8000.00', '2000.00')],
    expected: { assistance: '20000.00', reassistance: '14000.00', outOfPocket: '6000.00' },
  },
  {
    name: 'Fumeng 二(一)3: 孤儿 tilted 75% from 2023-01 on 16000 above the (assumed) 6000 → 7,500.00',
    region: 'fumeng',
    held: ['ORPHAN'],
    claims: [{ total: '16000.00', adjudicated: { basic: '0.00' }, ...spring2023 }],
    expected: { critical: '7500.00' },
  },
  {
    name: 'Fumeng 二(二)2: 特困 倾斜救助 annual limit 2万: 70% × 50000 = 35000 → 20,000.00',
    region: 'fumeng',
    held: ['DESTITUTE'],
    claims: [left('80000.00', '8000.00', '2000.00')],
    expected: { assistance: '20000.00', reassistance: '20000.00', outOfPocket: '30000.00' },
  },
  {
    name: 'Fumeng 二(二)2: 低保 倾斜救助 annual limit 2万: 70% × (50000 − 3000) = 32900 → 20,000.00',
    region: 'fumeng',
    held: ['SUBSISTENCE'],
    claims: [left('80000.00', '8000.00', '2000.00')],
    expected: { assistance: '20000.00', reassistance: '20000.00' },
  },
  {
    name: 'Fumeng 二(二)2: 低保边缘 倾斜救助 annual limit 1.5万: 60% × (50000 − 5000) = 27000 → 15,000.00',
    region: 'fumeng',
    held: ['MARGINAL'],
    claims: [left('80000.00', '8000.00', '2000.00')],
    expected: { assistance: '20000.00', reassistance: '15000.00', outOfPocket: '35000.00' },
  },
  {
    name: 'Fumeng 二(二)2: 因病致贫重病患者 倾斜救助 annual limit 1万: 50% × (50000 − 10000) = 20000 → 10,000.00',
    region: 'fumeng',
    held: ['ILLNESS_IMPOVERISHED'],
    claims: [left('80000.00', '8000.00', '2000.00')],
    expected: { assistance: '20000.00', reassistance: '10000.00', outOfPocket: '40000.00' },
  },
  {
    name:
      'Fumeng 二(二)1: 起付线以下的政策范围内个人自付 is in the assistance scope: 低保 10000, basic (assumed 400, 75%) 7200, ' +
      'critical 0; assistance 70% × 2800 (the 400 deductible included) → 1,960.00',
    region: 'fumeng',
    held: ['SUBSISTENCE'],
    claims: [{ total: '10000.00', ...spring2023 }],
    expected: { basic: '7200.00', critical: '0.00', assistance: '1960.00', reassistance: '0.00', outOfPocket: '840.00' },
  },
  {
    name: 'Fumeng 二(五)2: 按规定转诊 outside the county, the county standard applies: 低保 referred in the province → 7,000.00',
    region: 'fumeng',
    held: ['SUBSISTENCE'],
    claims: [left('20000.00', '8000.00', '2000.00', { location: 'IN_PROVINCE', referred: true })],
    expected: { assistance: '7000.00' },
  },
  {
    name: 'Fumeng 二(五)2: 异地安置备案 counts as 按规定: 低保 filed for relocation, treated out of the province → 7,000.00',
    region: 'fumeng',
    held: ['SUBSISTENCE'],
    claims: [left('20000.00', '8000.00', '2000.00', { location: 'OUT_OF_PROVINCE', relocationFiled: true })],
    expected: { assistance: '7000.00' },
  },
  {
    name: 'Fumeng 二(二)2: 按病床日定额救助 for a 低保 severe mental disorder stay: 30 days × (assumed) 100 → 3,000.00',
    region: 'fumeng',
    held: ['SUBSISTENCE'],
    claims: [left('20000.00', '8000.00', '2000.00', { severeMentalDisorder: { bedDays: 30 } })],
    expected: { assistance: '3000.00' },
  },
  // Bozhou (亳州晚报 report of the 实施方案).
  {
    name:
      'Bozhou 第13段 继续取消封顶线: 特困 base 500000, threshold 6000, +5 points on the (partly assumed) segments: ' +
      '50000×0.65 + 50000×0.70 + 100000×0.75 + 294000×0.80 = 377,700.00 (above the standard 300000 cap)',
    region: 'bozhou',
    held: ['DESTITUTE'],
    claims: [{ total: '500000.00', adjudicated: { basic: '0.00' }, ...spring2023 }],
    expected: { critical: '377700.00' },
  },
  {
    name: 'Bozhou 第13段: 返贫致贫 tilted too: (20000 − 6000) × 0.65 → 9,100.00',
    region: 'bozhou',
    held: ['RETURNED_TO_POVERTY'],
    claims: [{ total: '20000.00', adjudicated: { basic: '0.00' }, ...spring2023 }],
    expected: { critical: '9100.00' },
  },
  {
    name: 'Bozhou 第13段: 监测人口 are not tilted: (20000 − 12000) × 0.60 → 4,800.00',
    region: 'bozhou',
    held: ['UNSTABLE'],
    claims: [{ total: '20000.00', adjudicated: { basic: '0.00' }, ...spring2023 }],
    expected: { critical: '4800.00' },
  },
  {
    name: 'Bozhou 第14段: 脱贫不稳定 (the 监测人口 the report names) above 3000 at 60% → 4,200.00',
    region: 'bozhou',
    held: ['UNSTABLE'],
    claims: [left('20000.00', '8000.00', '2000.00')],
    expected: { assistance: '4200.00' },
  },
  // Guizhou 实施方案.
  {
    name: 'Guizhou 二(二)2 统筹基金年度最高支付限额 (不低于) 25万: (500000 − 400) × 0.70 = 349720 → 250,000.00',
    region: 'guizhou',
    held: [],
    claims: [{ total: '500000.00', ...spring2023 }],
    expected: { basic: '250000.00' },
  },
  {
    name: 'Guizhou 二(二)3 大病保险年度最高支付限额 (不低于) 20万: threshold 12754, 100000 × 0.60 + 287246 × 0.70 (assumed) = 261072.20 → 200,000.00',
    region: 'guizhou',
    held: [],
    claims: [{ total: '400000.00', adjudicated: { basic: '0.00' }, ...spring2023 }],
    expected: { critical: '200000.00' },
  },
  {
    name: 'Guizhou 二(二)3 取消封顶线: 低保 threshold 6377, 100000 × 0.65 + 293623 × 0.75 → 285,217.25',
    region: 'guizhou',
    held: ['SUBSISTENCE'],
    claims: [{ total: '400000.00', adjudicated: { basic: '0.00' }, ...spring2023 }],
    expected: { critical: '285217.25' },
  },
  {
    name: 'Guizhou 二(二)3: 边缘易致贫 (易返贫致贫) tilted: (20000 − 6377) × 0.65 → 8,854.95',
    region: 'guizhou',
    held: ['EDGE'],
    claims: [{ total: '20000.00', adjudicated: { basic: '0.00' }, ...spring2023 }],
    expected: { critical: '8854.95' },
  },
  {
    name: 'Guizhou 二(二)4: 脱贫不稳定 70% above the (assumed) 10% × 25508 = 2550.80 → 19,214.44',
    region: 'guizhou',
    held: ['UNSTABLE'],
    claims: [left('30000.00', '0.00', '0.00')],
    expected: { assistance: '19214.44', reassistance: '0.00' },
  },
  {
    name: 'Guizhou 二(二)4 对规范转诊的救助对象: an unreferred 特困 above the 50000 cap gets no 倾斜救助 → 0.00',
    region: 'guizhou',
    held: ['DESTITUTE'],
    claims: [left('60000.00', '0.00', '0.00')],
    expected: { assistance: '50000.00', reassistance: '0.00', outOfPocket: '10000.00' },
  },
  {
    name:
      'Guizhou 二(二)4 超出医疗救助限额之上: referred 低保 100000; 70% reaches the 50000 cap at 50000 / 0.70; ' +
      '(assumed) 50% × (100000 − 500000/7) = 100000/7 → 14,285.71',
    region: 'guizhou',
    held: ['SUBSISTENCE'],
    claims: [left('100000.00', '0.00', '0.00', { referred: true })],
    expected: { assistance: '50000.00', reassistance: '14285.71', outOfPocket: '35714.29' },
  },
];

const settleRow = (row: Row): Settlement => {
  const claims = row.claims.map((shape) => claim(shape));
  const policy = policyFor(row.region, claims[claims.length - 1]!.dischargeDate);
  const { settlements } = settleYear(policy, claims.map((submitted) => ({ claim: submitted, held: row.held })));
  return settlements[settlements.length - 1]!;
};

describe('seed numbers through the engine, against the packs in policies/ (round 22 audit)', () => {
  it.each(ROWS.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const last = settleRow(row);
    const { outOfPocket, policyScope, ...payouts } = row.expected;
    expect(last.payouts).toMatchObject(payouts);
    if (outOfPocket !== undefined) expect(last.outOfPocket).toBe(outOfPocket);
    if (policyScope !== undefined) expect(last.policyScope).toBe(policyScope);
  });

  // The seeds' dates of entry into force and of end: a claim outside them finds no revision.
  it.each<[string, string, string, boolean]>([
    ['Heze 四: 自 2022 年 5 月 1 日执行', 'heze', '2022-05-01', true],
    ['Heze 四: not before', 'heze', '2022-04-30', false],
    ['Bozhou 第1段: 从明年1月1日起', 'bozhou', '2022-01-01', true],
    ['Bozhou: not before', 'bozhou', '2021-12-31', false],
    ['Guizhou 一(一): 2021—2025', 'guizhou', '2025-12-31', true],
    ['Guizhou 一(一): not after', 'guizhou', '2026-01-01', false],
    ['Fumeng 三(一): 2023年1月起新制度 — the 2023-01-01 revision', 'fumeng', '2023-01-01', true],
  ])('%s (%s on %s)', (_name, region, date, inForce) => {
    expect(selectRevision(packs, region, date) !== null).toBe(inForce);
  });
});

describe('seed subsidies and warnings not yet put through the engine (round 22 audit)', () => {

  it.each<[string, string, number, string, Category[], string]>([
    ['Fumeng 二(一)2: 特困 full of the (assumed) 2023 contribution 380 → 380.00', 'fumeng', 2023, '2022-11-20', ['DESTITUTE'], '380.00'],
    ['Fumeng 二(一)2: 孤儿 full → 380.00', 'fumeng', 2023, '2022-11-20', ['ORPHAN'], '380.00'],
    ['Fumeng 二(一)2: 低保 full until 适时 changed → 380.00', 'fumeng', 2023, '2022-11-20', ['SUBSISTENCE'], '380.00'],
    ['Fumeng 二(一)2: 返贫致贫 full until 适时 changed → 380.00', 'fumeng', 2023, '2022-11-20', ['RETURNED_TO_POVERTY'], '380.00'],
    ['Fumeng 二(一)2: 低保边缘 and 特困 → 就高, full 380.00', 'fumeng', 2023, '2022-11-20', ['MARGINAL', 'DESTITUTE'], '380.00'],
    ['Bozhou 第6段: 低保 90% of the (assumed) 2025 contribution 400 → 360.00', 'bozhou', 2025, '2024-10-01', ['SUBSISTENCE'], '360.00'],
    ['Bozhou 第6段: 脱贫不稳定 50% of 380 → 190.00', 'bozhou', 2023, '2022-10-01', ['UNSTABLE'], '190.00'],
    ['Bozhou: 5年过渡期 ends with 2025; benefit year 2026 → none', 'bozhou', 2026, '2025-10-01', ['DESTITUTE'], 'none'],
    ['Guizhou 二(一)1: 特困 full of the (assumed) 2021 contribution 320 → 320.00', 'guizhou', 2021, '2021-01-01', ['DESTITUTE'], '320.00'],
    ['Guizhou 二(一)1: 孤儿 视同特困 → full 380.00', 'guizhou', 2023, '2022-10-01', ['ORPHAN'], '380.00'],
    ['Guizhou 二(一)1: 突发严重困难户 get no 资助 rule → none', 'guizhou', 2023, '2022-10-01', ['SUDDEN_HARDSHIP'], 'none'],
    ['Guizhou 二(一)1: 稳定脱贫人口 不再享受 → none', 'guizhou', 2023, '2022-10-01', ['STABLE_OUT_OF_POVERTY'], 'none'],
    ['Shanxi 一: 280 through 2025 → 280.00', 'shanxi', 2025, '2024-10-01', ['SUDDEN_HARDSHIP'], '280.00'],
    ['Shanxi 一: the May start limits 2023 only: a 2024 enrollment in October 2023 → 280.00', 'shanxi', 2024, '2023-10-01', ['SUDDEN_HARDSHIP'], '280.00'],
    ['Shanxi 一: 2023年5月—2025年: benefit year 2026 → none', 'shanxi', 2026, '2025-10-01', ['SUDDEN_HARDSHIP'], 'none'],
  ])('%s', (_name, region, year, enrolledOn, held, expected) => {
    expect(shippedSubsidy(region, year, enrolledOn, held)).toBe(expected);
  });

  const warnings = (region: string, held: readonly Category[], accumulators: Accumulators, scheme: Scheme): string[] =>
    evaluateMonitoring({ policy: policyFor(region, '2023-06-01'), scheme, heldCategories: held, accumulators, openAlerts: new Set() }).raise.map(
      (change) => `${change.ruleName} > ${change.threshold}`,
    );
  const burden = (total: string) => ({ ...emptyAccumulators(), burdenTotal: total });

  it.each<[string, string, Category[], string, Scheme, string[]]>([
    ['Shanxi 三 超过0.6万: exactly 6000.00 is not above it', 'shanxi', ['EDGE'], '6000.00', 'RESIDENT', []],
    ['Shanxi 三: 脱贫人口 (稳定脱贫) are in the 监测人群 → 因病返贫', 'shanxi', ['STABLE_OUT_OF_POVERTY'], '6000.01', 'RESIDENT', ['因病返贫 > 6000.00']],
    ['Shanxi 三 超过2万: exactly 20000.00 is not above it', 'shanxi', [], '20000.00', 'RESIDENT', []],
    ['Shanxi 三 其他参保居民: employees are not watched', 'shanxi', [], '90000.00', 'EMPLOYEE', []],
    ['Fumeng 二(三)1: exactly 5000.00 is not above 5000', 'fumeng', ['SUBSISTENCE'], '5000.00', 'RESIDENT', []],
    ['Fumeng 二(三)1: resident 因病致贫重病患者 above 2万', 'fumeng', ['ILLNESS_IMPOVERISHED'], '20000.01', 'RESIDENT', ['因病致贫（居民医保） > 20000.00']],
  ])('%s', (_name, region, held, total, scheme, expected) => {
    expect(warnings(region, held, burden(total), scheme)).toEqual(expected);
  });

  // The burden the warning reads is the one settlement accumulates (个人年度累计负担).
  it('Shanxi 三: an other resident’s own share 30000 − 8000 − 1999.99 = 20000.01 raises 因病致贫 > 2万', () => {
    const { accumulators } = settleYear(policyFor('shanxi', '2023-06-10'), [{ claim: claim(left('30000.00', '8000.00', '1999.99', on('2023-06-10'))), held: [] }]);
    expect(accumulators.burdenTotal).toBe('20000.01');
    expect(warnings('shanxi', [], accumulators, 'RESIDENT')).toEqual(['因病致贫 > 20000.00']);
  });

  it('Fumeng 二(三)1: 高值药品 costs count: one high-value drug claim leaving 5000.01 raises 因病返贫 > 5000 for a 稳定脱贫 person', () => {
    const { accumulators } = settleYear(policyFor('fumeng', '2023-06-10'), [
      { claim: claim(left('5000.01', '0.00', '0.00', { ...on('2023-06-10'), kind: 'HIGH_VALUE_DRUG' })), held: ['STABLE_OUT_OF_POVERTY'] },
    ]);
    expect(accumulators.burdenTotal).toBe('5000.01');
    expect(warnings('fumeng', ['STABLE_OUT_OF_POVERTY'], accumulators, 'RESIDENT')).toEqual(['因病返贫 > 5000.00']);
  });
});
