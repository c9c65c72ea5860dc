import { validatePackRules, type PackProblem } from '../../../src/domain/policy/pack-rules';
import type { PolicyPack } from '../../../src/domain/policy/policy-pack';
import { emptyAccumulators, settle } from '../../../src/domain/policy/settlement';
import type { Claim, Settlement } from '../../../src/domain/policy/settlement.types';
import type { Category } from '../../../src/domain/vocabulary';
import { minimalPack, packWith, type Draft } from '../../policy-packs/minimal-pack.fixture';
import { claim, publish, settleYear, traceText } from './fixtures/builders';

/**
 * The pack format's growth for issue 14, each with its semantic check and its engine behaviour, on the
 * minimal test pack (deductible 500, ratio 0.70, 0.50 out of the province; 低保 assistance 70%, 再救助
 * above 5000 at 70%). The seed packs use the same mechanisms; seed-findings.spec.ts checks them there.
 */

const only = (problems: readonly PackProblem[]): PackProblem => {
  expect(problems).toHaveLength(1);
  return problems[0] as PackProblem;
};

const settleOn = (pack: PolicyPack, held: readonly Category[], submitted: Claim): Settlement =>
  settle({ claim: submitted, policy: publish(pack), heldCategories: held, accumulators: emptyAccumulators() });

const in2024 = { admissionDate: '2024-03-01', dischargeDate: '2024-03-10' } as const;

describe('basic rows selected by referral and category (Guizhou 二(三)4: 执行参保地同等待遇)', () => {
  const pack = packWith((d) => {
    d.basic.ratio.rows = [
      { when: { locations: ['IN_PROVINCE'], referred: true, categories: ['SUBSISTENCE'] }, value: '0.70', assumed: true, note: 'as at home' },
      { when: { locations: ['IN_PROVINCE'] }, value: '0.60' },
    ];
    d.basic.deductible.rows = [{ when: { referred: true, categories: ['SUBSISTENCE'] }, value: '0.00', assumed: true, note: 'example' }];
  });

  it.each([
    ['a referred 低保 stay: deductible row 0, ratio row 0.70 → 10000 × 0.70 = 7,000.00', ['SUBSISTENCE'], true, '7000.00'],
    ['an unreferred 低保 stay: (10000 − 500) × 0.60 = 5,700.00', ['SUBSISTENCE'], false, '5700.00'],
    ['a referred stay of someone else: (10000 − 500) × 0.60 = 5,700.00', [], true, '5700.00'],
  ] as const)('%s', (_name, held, referred, basic) => {
    const settlement = settleOn(pack, held, claim({ location: 'IN_PROVINCE', referred, ...in2024 }));
    expect(settlement.payouts.basic).toBe(basic);
  });

  it('accepts the pack, and refuses a narrow row written below a wider one (it could never apply)', () => {
    expect(validatePackRules(pack)).toEqual([]);
    const shadowed = packWith((d) => void d.basic.ratio.rows!.reverse(), pack);
    expect(only(validatePackRules(shadowed))).toMatchObject({ path: 'basic.ratio.rows[1].when', rule: 'selector' });
  });

  it('refuses an unknown category in a row', () => {
    const wrong = packWith((d) => void (d.basic.ratio.rows![0]!.when.categories = ['POOR' as Category]), pack);
    expect(only(validatePackRules(wrong))).toMatchObject({ path: 'basic.ratio.rows[0].when.categories[0]', rule: 'unknown-category' });
  });
});

describe('a location condition on re-assistance (Shanxi 四: 规范转诊且在省域内就医)', () => {
  const pack = packWith((d) => {
    d.reassistance.location = { allowed: ['IN_COUNTY', 'IN_CITY', 'IN_PROVINCE'], source: { doc: 'test-doc', clause: '四' } };
  });
  /** a = 20000 for the assistance tiers; 低保 assistance 14000, remainder 6000. */
  const stay = (location: Claim['location']) => claim({ total: '30000.00', adjudicated: { basic: '8000.00', critical: '2000.00' }, location, ...in2024 });

  it('re-assists an in-province stay: (6000 − 5000) × 0.70 → 700.00', () => {
    expect(settleOn(pack, ['SUBSISTENCE'], stay('IN_PROVINCE')).payouts.reassistance).toBe('700.00');
  });

  it('does not re-assist an out-of-province stay, nor count it in R, and says why', () => {
    const { settlements, accumulators } = settleYear(publish(pack), [
      { claim: stay('OUT_OF_PROVINCE'), held: ['SUBSISTENCE'] },
      { claim: stay('IN_COUNTY'), held: ['SUBSISTENCE'] },
    ]);
    expect(settlements[0]!.payouts.reassistance).toBe('0.00');
    expect(traceText(settlements[0]!)).toContain('Re-assistance is paid only on treatment in the county, in the city, in the province');
    // The second stay starts R at 0: (6000 − 5000) × 0.70 = 700.00, not 6000 × 0.70 = 4200.00.
    expect(settlements[1]!.payouts.reassistance).toBe('700.00');
    expect(accumulators.reassistanceBase).toBe('6000.00');
  });

  it('refuses a condition that allows every location', () => {
    const wrong = packWith((d) => void (d.reassistance.location!.allowed = ['IN_COUNTY', 'IN_CITY', 'IN_PROVINCE', 'OUT_OF_PROVINCE']), pack);
    expect(only(validatePackRules(wrong))).toMatchObject({ path: 'reassistance.location.allowed', rule: 'selector' });
  });
});

describe('rule end dates (Heze 一(四): 脱贫攻坚过渡期内)', () => {
  const pack = packWith((d) => void (d.assistance.categories.SUBSISTENCE!.until = '2024-06-30'));
  const onDay = (date: string) => claim({ total: '20000.00', adjudicated: { basic: '8000.00', critical: '2000.00' }, admissionDate: date, dischargeDate: date });

  it('applies the rule up to its last day: 70% × 10000 → 7,000.00', () => {
    expect(settleOn(pack, ['SUBSISTENCE'], onDay('2024-06-30')).payouts.assistance).toBe('7000.00');
  });

  it('pays nothing after it and says so', () => {
    const settlement = settleOn(pack, ['SUBSISTENCE'], onDay('2024-07-01'));
    expect(settlement.payouts.assistance).toBe('0.00');
    expect(traceText(settlement)).toContain('held until 2024-06-30');
  });

  it('refuses an end before the revision starts, and a date that does not exist', () => {
    const early = packWith((d) => void (d.assistance.categories.SUBSISTENCE!.until = '2023-12-31'));
    expect(only(validatePackRules(early))).toMatchObject({ path: 'assistance.categories.SUBSISTENCE.until', rule: 'effective-period' });
    const impossible = packWith((d) => void (d.assistance.categories.SUBSISTENCE!.until = '2024-02-30'));
    expect(only(validatePackRules(impossible))).toMatchObject({ path: 'assistance.categories.SUBSISTENCE.until', rule: 'effective-period' });
  });
});

describe('per-disease outpatient terms (门诊慢特病 by 病种)', () => {
  const pack = packWith((d) => {
    d.basic.diseases = {
      assumed: true,
      note: 'example table',
      kinds: ['OUTPATIENT_CHRONIC'],
      list: [
        { codes: ['M03900', 'I10'], name: '高血压病', deductible: '0.00', ratio: '0.50', annualCap: '600.00' },
        { codes: ['M01600', 'E11'], name: '糖尿病', deductible: '300.00', ratio: '0.60', annualCap: null },
      ],
    };
  });
  const outpatient = (diseaseCode: string | undefined, total: string, day: string): Claim =>
    claim({ kind: 'OUTPATIENT_CHRONIC', total, admissionDate: day, dischargeDate: day, ...(diseaseCode ? { diseaseCode } : {}) });

  it('pays each disease on its own terms and keeps the general outpatient deductible whole', () => {
    const { settlements, accumulators } = settleYear(publish(pack), [
      // 高血压 I10: no deductible, 50%: 1000 × 0.50 = 500.00.
      { claim: outpatient('I10', '1000.00', '2024-02-01'), held: [] },
      // 高血压 again, national code: 1000 × 0.50 = 500, only 600 − 500 = 100 of its limit left → 100.00.
      { claim: outpatient('M03900', '1000.00', '2024-03-01'), held: [] },
      // 糖尿病 E11.900 (matches E11): (1000 − 300) × 0.60 = 420.00.
      { claim: outpatient('E11.900', '1000.00', '2024-04-01'), held: [] },
      // No code: the general yearly outpatient deductible 500, untouched so far: (1000 − 500) × 0.70 = 350.00.
      { claim: outpatient(undefined, '1000.00', '2024-05-01'), held: [] },
    ]);
    expect(settlements.map((settlement) => settlement.payouts.basic)).toEqual(['500.00', '100.00', '420.00', '350.00']);
    expect(accumulators.diseases).toEqual({
      M01600: { deductibleConsumed: '300.00', paid: '420.00' },
      M03900: { deductibleConsumed: '0.00', paid: '600.00' },
    });
    expect(accumulators.outpatientDeductibleConsumed).toBe('500.00');
  });

  it('leaves accumulators without diseases in their old form', () => {
    expect(settleOn(pack, [], outpatient(undefined, '1000.00', '2024-05-01')).accumulators.after).not.toHaveProperty('diseases');
  });

  it('refuses a claim whose code is of neither form', () => {
    expect(() => settleOn(pack, [], outpatient('E1', '1000.00', '2024-05-01'))).toThrow(/diseaseCode "E1" must be a national 门诊慢特病 病种 code/);
  });

  it.each([
    ['a code of neither form', (d: Draft<PolicyPack>) => void (d.basic.diseases!.list[0]!.codes = ['X1']), 'basic.diseases.list[0].codes[0]'],
    ['a code listed twice', (d: Draft<PolicyPack>) => void (d.basic.diseases!.list[1]!.codes = ['M01600', 'I10']), 'basic.diseases.list[1].codes[1]'],
    ['inpatient kinds', (d: Draft<PolicyPack>) => void (d.basic.diseases!.kinds = ['INPATIENT']), 'basic.diseases.kinds'],
  ])('refuses %s', (_name, change, path) => {
    expect(validatePackRules(pack)).toEqual([]);
    expect(only(validatePackRules(packWith(change, pack)))).toMatchObject({ path, rule: 'disease-code' });
  });

  it('is checked in the minimal pack too', () => {
    expect(validatePackRules(minimalPack())).toEqual([]);
  });
});

// Domain contract §2.4, as now stated: the Guizhou base starts above K + T', where K = T + cap / ratio.
describe('re-assistance above the assistance cap with its own threshold T\'', () => {
  const pack = packWith((d) => {
    d.reassistance.base = 'aboveAssistanceCap';
    d.reassistance.categories.SUBSISTENCE = { source: { doc: 'test-doc', clause: '四' }, threshold: '1000.00', ratio: '0.50', annualCap: '20000.00' };
  });

  it('pays 50% above K + T\' = 0 + 70000 / 0.70 + 1000 = 101000: a = 110000 → 4,500.00', () => {
    const submitted = claim({ total: '120000.00', adjudicated: { basic: '8000.00', critical: '2000.00' }, ...in2024 });
    const settlement = settleOn(pack, ['SUBSISTENCE'], submitted);
    expect(settlement.payouts).toMatchObject({ assistance: '70000.00', reassistance: '4500.00' });
  });
});
