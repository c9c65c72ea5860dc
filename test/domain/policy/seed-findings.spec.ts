import type { Payouts, Settlement } from '../../../src/domain/policy/settlement.types';
import type { Category } from '../../../src/domain/vocabulary';
import { claim, costs, settleYear, traceText, type ClaimShape } from './fixtures/builders';
import { SHIPPED_PACKS, shippedPolicyOn } from './fixtures/shipped-packs';

/**
 * One row per finding of the clause-by-clause audit (issue 14), against the packs shipped under
 * `policies/` and loaded by the real loader. Each row cites the seed clause, and its amounts are worked
 * out by hand in the row's name; `before` says what the uncorrected pack paid, where it paid something
 * else. A row settles its claims in order against one person-year and checks the last one.
 */

const packs = SHIPPED_PACKS;

const policyFor = shippedPolicyOn;

const on = (date: string): ClaimShape => ({ admissionDate: date, dischargeDate: date });
const spring2023 = on('2023-03-10');

interface Finding {
  readonly name: string;
  readonly region: string;
  readonly held: readonly Category[];
  /** Claims in recorded order; the last one is checked. */
  readonly claims: readonly ClaimShape[];
  readonly expected: Partial<Payouts> & { readonly outOfPocket?: string; readonly reassistanceBase?: string };
  readonly traceMentions?: readonly string[];
  /** What the uncorrected pack paid (documentation only). */
  readonly before?: string;
}

/** a = 10000 for the assistance tiers: basic and critical adjudicated elsewhere. */
const tenThousandLeft = (shape: ClaimShape = {}): ClaimShape => ({ total: '20000.00', adjudicated: { basic: '8000.00', critical: '2000.00' }, ...shape });
/** a = 30000. */
const thirtyThousandLeft = (shape: ClaimShape = {}): ClaimShape => ({ total: '40000.00', adjudicated: { basic: '8000.00', critical: '2000.00' }, ...shape });

const FINDINGS: readonly Finding[] = [
  {
    name: 'Bozhou 第12段: 70%左右 is a target, kept as the in-county ratio and marked assumed: (10000 − 500) × 0.70 → 6,650.00',
    region: 'bozhou',
    held: [],
    claims: [{ total: '10000.00', ...spring2023 }],
    expected: { basic: '6650.00' },
  },
  {
    name: 'Guizhou 二(二)2: the same target, kept and marked assumed: (10000 − 400) × 0.70 → 6,720.00',
    region: 'guizhou',
    held: [],
    claims: [{ total: '10000.00', ...spring2023 }],
    expected: { basic: '6720.00' },
  },
  {
    name: 'Bozhou 第12段: basic.annualCap 300000 is assumed, not cited: (500000 − 1000) × 0.70 = 349300 → capped 300,000.00',
    region: 'bozhou',
    held: [],
    claims: [{ total: '500000.00', hospitalLevel: 'TERTIARY', ...spring2023 }],
    expected: { basic: '300000.00' },
  },
  {
    name: 'Guizhou 二(二)4: 乙类 excluded from the assistance base (assumed): P = 31000 − 1000 = 30000, 低保 70% → 21,000.00',
    region: 'guizhou',
    held: ['SUBSISTENCE'],
    claims: [{ costs: costs('31000.00', { categoryBSelfPay: '1000.00' }), adjudicated: { basic: '0.00', critical: '0.00' }, ...spring2023 }],
    expected: { assistance: '21000.00', reassistance: '0.00', outOfPocket: '10000.00' },
  },
  {
    name: 'Heze 一(四): 易返贫致贫 assistance holds 过渡期内 only: 2025 stay above 3000 at 50% → 3,500.00',
    region: 'heze',
    held: ['EDGE'],
    claims: [tenThousandLeft(on('2025-12-31'))],
    expected: { assistance: '3500.00', reassistance: '0.00' },
  },
  {
    name: 'Heze 一(四): after the transition (2026) the rule has ended → 0.00, and the trace says so',
    region: 'heze',
    held: ['EDGE'],
    claims: [tenThousandLeft(on('2026-01-01'))],
    expected: { assistance: '0.00', reassistance: '0.00' },
    traceMentions: ['held until 2025-12-31'],
    before: 'assistance 3500.00',
  },
  {
    name: 'Fumeng 二(二)2: the 自2023年1月起 levels do not apply in December 2022: 低保 → 0.00, pending',
    region: 'fumeng',
    held: ['SUBSISTENCE'],
    claims: [tenThousandLeft(on('2022-12-20'))],
    expected: { assistance: '0.00', reassistance: '0.00', outOfPocket: '10000.00' },
    traceMentions: ['pending'],
    before: 'assistance 7000.00',
  },
  {
    name: 'Fumeng 二(二)2: from 2023-01-01 they do: 低保 no threshold, 70% → 7,000.00',
    region: 'fumeng',
    held: ['SUBSISTENCE'],
    claims: [tenThousandLeft(on('2023-01-05'))],
    expected: { assistance: '7000.00', reassistance: '0.00' },
  },
  {
    name: 'Heze 一(五)1: no assistance on 高值药品: 低保 10000, basic (10000 − 600) × 0.60 = 5640, critical 0 (4360 < 5000) → assistance 0.00',
    region: 'heze',
    held: ['SUBSISTENCE'],
    claims: [{ kind: 'HIGH_VALUE_DRUG', total: '10000.00', ...spring2023 }],
    expected: { basic: '5640.00', critical: '0.00', assistance: '0.00', reassistance: '0.00', outOfPocket: '4360.00' },
    traceMentions: ['covers only inpatient, outpatient chronic (门诊慢特病), not high-value drug'],
    before: 'assistance 3052.00',
  },
  {
    name: 'Heze 一(五)1: 门诊慢特病 is assisted: the same claim → 70% × 4360 = 3,052.00',
    region: 'heze',
    held: ['SUBSISTENCE'],
    claims: [{ kind: 'OUTPATIENT_CHRONIC', total: '10000.00', ...spring2023 }],
    expected: { basic: '5640.00', critical: '0.00', assistance: '3052.00', reassistance: '0.00', outOfPocket: '1308.00' },
  },
  {
    name: 'Guizhou 二(一)1: 返贫致贫人口 (never named) get the 易返贫 assistance (assumed): 70% × (30000 − 10% × 25508) → 19,214.44',
    region: 'guizhou',
    held: ['RETURNED_TO_POVERTY'],
    claims: [{ total: '30000.00', adjudicated: { basic: '0.00', critical: '0.00' }, ...spring2023 }],
    expected: { assistance: '19214.44' },
    before: 'assistance 0.00',
  },
  {
    name: 'Guizhou 二(二)3: and the 易返贫 tilt (assumed): threshold 12754 × 0.5 = 6377, 65% × 13623 → 8,854.95',
    region: 'guizhou',
    held: ['RETURNED_TO_POVERTY'],
    claims: [{ total: '20000.00', adjudicated: { basic: '0.00' }, ...spring2023 }],
    expected: { critical: '8854.95' },
    before: 'critical 4347.60 (standard schedule)',
  },
  {
    name: 'Bozhou 第5段: 低保边缘 read into 监测人口 (assumed): threshold 3000, 60% → 4,200.00; remainder 5800 < 10000 → 0.00',
    region: 'bozhou',
    held: ['MARGINAL'],
    claims: [tenThousandLeft(spring2023)],
    expected: { assistance: '4200.00', reassistance: '0.00' },
    before: 'assistance 0.00',
  },
  {
    name:
      'Shanxi 四: a referred out-of-province 300000 stay of 低保 is not re-assisted: basic (300000 − 1000) × 0.50 = 149500; ' +
      'critical 45000 × 0.65 + 50000 × 0.70 + 50500 × 0.75 = 102125; assistance 70% × 48375 = 33862.50 → re-assistance 0.00',
    region: 'shanxi',
    held: ['SUBSISTENCE'],
    claims: [{ total: '300000.00', hospitalLevel: 'TERTIARY', location: 'OUT_OF_PROVINCE', referred: true, ...on('2023-06-10') }],
    expected: { basic: '149500.00', critical: '102125.00', assistance: '33862.50', reassistance: '0.00', outOfPocket: '14512.50' },
    traceMentions: ['Re-assistance is paid only on treatment in the county, in the city, in the province'],
    before: 'reassistance 2256.25 (50% × (14512.50 − 10000))',
  },
  {
    name:
      'Shanxi 四 / contract §2: an unreferred claim adds nothing to R: 9000 left unreferred, then 9000 referred → R 9000 < 10000 → 0.00',
    region: 'shanxi',
    held: ['SUBSISTENCE'],
    claims: [thirtyThousandLeft(on('2023-06-10')), thirtyThousandLeft({ ...on('2023-06-20'), referred: true })],
    expected: { assistance: '21000.00', reassistance: '0.00', reassistanceBase: '9000.00' },
  },
  {
    name:
      'Guizhou 二(三)4: 起付线连续计算 for in-province stays only: after an out-of-province stay (deductible 800) a referred ' +
      'in-province stay pays its full 400: (10000 − 400) × 0.70 → 6,720.00',
    region: 'guizhou',
    held: ['SUBSISTENCE'],
    claims: [
      { total: '10000.00', hospitalLevel: 'TERTIARY', location: 'OUT_OF_PROVINCE', referred: true, ...on('2023-03-01') },
      { total: '10000.00', location: 'IN_PROVINCE', referred: true, ...on('2023-03-20') },
    ],
    expected: { basic: '6720.00' },
    before: 'basic 7000.00 (deductible 0: the chain counted the out-of-province 800)',
  },
  {
    name: 'Guizhou 二(三)4: the chain holds between in-province stays: a referred tertiary stay after 400 borne pays 800 − 400: (10000 − 400) × 0.70 → 6,720.00',
    region: 'guizhou',
    held: ['SUBSISTENCE'],
    claims: [
      { total: '10000.00', location: 'IN_PROVINCE', referred: true, ...on('2023-03-01') },
      { total: '10000.00', hospitalLevel: 'TERTIARY', location: 'IN_PROVINCE', referred: true, ...on('2023-03-20') },
    ],
    expected: { basic: '6720.00' },
  },
  {
    name: 'Guizhou 二(三)4: 执行参保地同等待遇: a referred in-province stay of 低保 gets the in-county 70%: (10000 − 400) × 0.70 → 6,720.00',
    region: 'guizhou',
    held: ['SUBSISTENCE'],
    claims: [{ total: '10000.00', location: 'IN_CITY', referred: true, ...spring2023 }],
    expected: { basic: '6720.00' },
    before: 'basic 5760.00 (60%)',
  },
  {
    name: 'Guizhou 二(三)4: unreferred, the same stay keeps the assumed 60%: 9600 × 0.60 → 5,760.00',
    region: 'guizhou',
    held: ['SUBSISTENCE'],
    claims: [{ total: '10000.00', location: 'IN_CITY', ...spring2023 }],
    expected: { basic: '5760.00' },
  },
  {
    name: 'Guizhou 二(三)4: referred but not low-income, 60% → 5,760.00',
    region: 'guizhou',
    held: [],
    claims: [{ total: '10000.00', location: 'IN_CITY', referred: true, ...spring2023 }],
    expected: { basic: '5760.00' },
  },
  {
    name:
      'Guizhou 二(二)2 (example disease table, assumed): 糖尿病 E11.900 3000 → (3000 − 300) × 0.60 = 1620.00; then 2000 → ' +
      '2000 × 0.60 = 1200 capped by the 2000 limit at 380.00; assistance 70% × 1620 → 1,134.00',
    region: 'guizhou',
    held: ['SUBSISTENCE'],
    claims: [
      { kind: 'OUTPATIENT_CHRONIC', diseaseCode: 'E11.900', total: '3000.00', ...on('2023-04-01') },
      { kind: 'OUTPATIENT_CHRONIC', diseaseCode: 'M01600', total: '2000.00', ...on('2023-05-01') },
    ],
    expected: { basic: '380.00', critical: '0.00', assistance: '1134.00', reassistance: '0.00', outOfPocket: '486.00' },
    traceMentions: ['糖尿病 (M01600)'],
  },
];

const settleFinding = (finding: Finding): { last: Settlement; reassistanceBase: string } => {
  const claims = finding.claims.map((shape) => claim(shape));
  const policy = policyFor(finding.region, claims[claims.length - 1]!.dischargeDate);
  const { settlements, accumulators } = settleYear(policy, claims.map((submitted) => ({ claim: submitted, held: finding.held })));
  return { last: settlements[settlements.length - 1]!, reassistanceBase: accumulators.reassistanceBase };
};

describe('pack findings of the seed audit, corrected (issue 14)', () => {
  it.each(FINDINGS.map((finding) => [finding.name, finding] as const))('%s', (_name, finding) => {
    const { last, reassistanceBase } = settleFinding(finding);
    const { outOfPocket, reassistanceBase: expectedBase, ...payouts } = finding.expected;
    expect(last.payouts).toMatchObject(payouts);
    if (outOfPocket !== undefined) expect(last.outOfPocket).toBe(outOfPocket);
    if (expectedBase !== undefined) expect(reassistanceBase).toBe(expectedBase);
    for (const mention of finding.traceMentions ?? []) expect(traceText(last)).toContain(mention);
  });

  it('marks every corrected figure assumed, with a note, where the seed does not state it', () => {
    const pack = (region: string, date = '2023-03-10') => policyFor(region, date).pack;
    const bozhou = pack('bozhou');
    const guizhou = pack('guizhou');
    // Bozhou 第12段, Guizhou 二(二)2: the 70% row; Bozhou's cap lives on basic, which is assumed as a whole.
    expect(bozhou.basic.ratio.rows?.[0]).toMatchObject({ value: '0.70', assumed: true });
    expect(guizhou.basic.ratio.rows?.[0]).toMatchObject({ value: '0.70', assumed: true });
    expect(bozhou.basic).toMatchObject({ annualCap: '300000.00', assumed: true });
    expect(bozhou.basic.note).toContain('300000');
    // Guizhou 二(二)4: the assistance and re-assistance settings the plan does not state.
    expect(guizhou.assistance.assumed).toBe(true);
    expect(guizhou.reassistance.assumed).toBe(true);
    // Heze 一(四): the transition end is not in the notice.
    expect(pack('heze').assistance.categories.EDGE).toMatchObject({ until: '2025-12-31', assumed: true });
    // Fumeng 二(二)2: no rule before 2023 is in the seeds.
    expect(pack('fumeng', '2022-12-01').assistance.pending?.SUBSISTENCE).toMatchObject({ assumed: true });
    // Shanxi 四 is stated, so the location condition cites it.
    expect(pack('shanxi', '2023-06-01').reassistance.location).toMatchObject({ source: { clause: '四' }, allowed: ['IN_COUNTY', 'IN_CITY', 'IN_PROVINCE'] });
  });
});
