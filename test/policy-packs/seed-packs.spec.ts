import type { CategoryRule, PolicyPack } from '../../src/domain/policy/policy-pack';
import { loadSeedPacks } from '../../src/policy-packs/load-pack';

/**
 * The numbers the seed texts state, read back from the shipped packs. Each case cites the clause; a
 * change to a pack that drifts from its text fails here, beside the sentence it encodes.
 */
const packs = loadSeedPacks();
const pack = (region: string, revision?: string): PolicyPack => {
  const found = packs.find((p) => p.ref.region === region && (revision === undefined || p.ref.revision === revision));
  if (!found) throw new Error(`no pack ${region}/${revision ?? '*'}`);
  return found.pack;
};
const rule = (r: CategoryRule | undefined): [unknown, string, unknown, readonly string[] | undefined] => [r?.threshold, r?.ratio ?? '', r?.annualCap, r?.kinds];

describe('Heze 菏医保〔2022〕10号', () => {
  const heze = pack('heze');

  // 一(三): 起付线5000; 5000–10万 65%, 10–20万 70%, 20–30万 75%, 30万以上 80%; 不设年度最高支付限额.
  it('tilts critical illness for 特困/低保/返贫 with an explicit absolute schedule and no cap', () => {
    expect(heze.critical.boundaries).toBe('absolute');
    expect(heze.critical.tilted?.categories).toEqual(['DESTITUTE', 'SUBSISTENCE', 'RETURNED_TO_POVERTY']);
    expect(heze.critical.tilted?.schedule?.threshold).toBe('5000.00');
    expect(heze.critical.tilted?.schedule?.annualCap).toBeNull();
    expect(heze.critical.tilted?.derive).toBeUndefined();
  });

  // 一(四).
  // 一(五)1: 医疗救助 covers 住院 and 门诊慢特病 only, so 门诊高值药品 is outside every assistance rule.
  it('sets assistance per category, 易返贫 inpatient only, nobody on 高值药品', () => {
    const c = heze.assistance.categories;
    const inpatientAndChronic = ['INPATIENT', 'OUTPATIENT_CHRONIC'];
    expect(rule(c.DESTITUTE)).toEqual(['0.00', '0.70', null, inpatientAndChronic]);
    expect(rule(c.SUBSISTENCE)).toEqual(['0.00', '0.70', '70000.00', inpatientAndChronic]);
    expect(rule(c.RETURNED_TO_POVERTY)).toEqual(['0.00', '0.70', '10000.00', inpatientAndChronic]);
    expect(c.RETURNED_TO_POVERTY?.assumed).toBe(true);
    for (const category of ['MARGINAL', 'UNSTABLE', 'EDGE'] as const) expect(rule(c[category])).toEqual(['3000.00', '0.50', '10000.00', ['INPATIENT']]);
    expect(heze.assistance.pending?.SUDDEN_HARDSHIP?.source?.clause).toBe('一(四)');
    expect(heze.assistance.includeCategoryBSelfPay).toBe(false);
  });

  it('re-assists the remainder with separate annual caps', () => {
    const r = heze.reassistance;
    expect([r.base, r.basis, r.cap]).toEqual(['remainder', 'annual', 'separate']);
    for (const category of ['DESTITUTE', 'SUBSISTENCE', 'RETURNED_TO_POVERTY'] as const) expect(rule(r.categories[category])).toEqual(['5000.00', '0.70', '20000.00', ['INPATIENT', 'OUTPATIENT_CHRONIC']]);
    for (const category of ['MARGINAL', 'UNSTABLE', 'EDGE'] as const) expect(rule(r.categories[category]).slice(0, 3)).toEqual(['10000.00', '0.70', '10000.00']);
  });

  // 一(五)2: 省域内异地就医，免除异地就医个人首先自付费用.
  it('waives the out-of-area first self-pay in the province for helped categories', () => {
    expect(heze.basic.waiveOutOfAreaFirstSelfPay?.locations).toEqual(['IN_CITY', 'IN_PROVINCE']);
    expect(heze.basic.waiveOutOfAreaFirstSelfPay?.categories).toContain('SUBSISTENCE');
    expect(heze.groups?.易返贫致贫).toEqual(['MARGINAL', 'UNSTABLE', 'EDGE']);
    expect(heze.categoryAliases).toEqual({ ORPHAN: 'DESTITUTE' });
  });
});

describe('Shanxi 晋医保发〔2023〕7号', () => {
  const shanxi = pack('shanxi');

  // 一: 2023年5月—2025年 … 按每人每年280元的标准定额资助.
  it('subsidises 突发严重困难人口 with 280 yuan for 2023–2025, enrollments from 2023-05-01', () => {
    expect(shanxi.subsidy.categories.SUDDEN_HARDSHIP).toMatchObject({ kind: 'amount', amount: '280.00', benefitYears: { from: 2023, to: 2025 }, enrolledOnOrAfter: '2023-05-01' });
  });

  // 三: 监测人群 > 0.6万 → 因病返贫; 其他参保居民 > 2万 → 因病致贫.
  it('watches 监测人群 above 6000 and other residents above 20000', () => {
    const rules = shanxi.monitoring?.rules ?? [];
    expect(rules.map((r) => [r.name, r.threshold, r.population])).toEqual([
      ['因病返贫', '6000.00', { groups: ['监测人群'] }],
      ['因病致贫', '20000.00', { others: true, scheme: 'RESIDENT' }],
    ]);
    expect(shanxi.groups?.监测人群).toContain('STABLE_OUT_OF_POVERTY');
  });

  // 二: while the statistic is unpublished the previous year's threshold applies; 2024 is left unpublished on purpose.
  it('falls back to the previous year threshold, with a missing year to exercise it', () => {
    expect(shanxi.statisticFallback).toBe('previousYearThreshold');
    expect(shanxi.resettleOnPublication).toBe(false);
    expect(shanxi.statistics?.map((s) => s.year)).toEqual([2022, 2023]);
    expect(shanxi.assistance.categories.MARGINAL?.threshold).toEqual({ statistic: 'perCapitaDisposableIncome', geography: 'province', year: 'previous', factor: '0.10' });
  });

  it('marks every settlement parameter as assumed', () => {
    expect([shanxi.basic.assumed, shanxi.critical.assumed, shanxi.critical.standard.assumed]).toEqual([true, true, true]);
    for (const r of Object.values(shanxi.assistance.categories)) expect(r?.assumed).toBe(true);
  });
});

describe('Fumeng 阜蒙政办发〔2022〕9号', () => {
  const late2022 = pack('fumeng', '2022-11-09');
  const from2023 = pack('fumeng', '2023-01-01');

  // 二(一)3: 2023年1月起 … 大病保险支付比例由70%提高到75%.
  it('raises the tilted critical ratio from 70% to 75% at the revision boundary', () => {
    expect([late2022.effectiveFrom, late2022.effectiveTo, from2023.effectiveFrom]).toEqual(['2022-11-09', '2022-12-31', '2023-01-01']);
    expect(late2022.critical.tilted?.schedule?.segments.map((s) => s.ratio)).toEqual(['0.70']);
    expect(from2023.critical.tilted?.schedule?.segments.map((s) => s.ratio)).toEqual(['0.75']);
    expect(from2023.critical.tilted?.categories).toEqual(['SUBSISTENCE', 'DESTITUTE', 'ORPHAN', 'RETURNED_TO_POVERTY']);
    expect(from2023.categoryAliases).toBeUndefined();
  });

  // 二(二)2: 基本救助年度限额2万; 起付 0/0/0/2000/5000; 比例 70/70/70/60/50%.
  it('sets basic assistance per category', () => {
    const c = from2023.assistance.categories;
    expect([c.SUBSISTENCE, c.DESTITUTE, c.ORPHAN, c.MARGINAL, c.ILLNESS_IMPOVERISHED].map(rule)).toEqual([
      ['0.00', '0.70', '20000.00', undefined],
      ['0.00', '0.70', '20000.00', undefined],
      ['0.00', '0.70', '20000.00', undefined],
      ['2000.00', '0.60', '20000.00', undefined],
      ['5000.00', '0.50', '20000.00', undefined],
    ]);
    expect(from2023.assistance.referral.required).toBe(true);
    expect(from2023.assistance.bedDayQuota?.categories).toEqual(['SUBSISTENCE', 'DESTITUTE', 'ORPHAN']);
  });

  // 二(二)2: 倾斜救助 起付 特困/孤儿 0, 低保 3000, 低保边缘 5000, 因病致贫 10000; 限额 2万/2万/1.5万/1万.
  it('sets 倾斜救助 as re-assistance of the remainder with separate caps', () => {
    const r = from2023.reassistance;
    // The referral rule of 二(五)2 already refuses it outside the county; in-county stays need no referral.
    expect([r.base, r.cap, r.requiresReferral]).toEqual(['remainder', 'separate', false]);
    expect([r.categories.DESTITUTE, r.categories.ORPHAN, r.categories.SUBSISTENCE, r.categories.MARGINAL, r.categories.ILLNESS_IMPOVERISHED].map(rule)).toEqual([
      ['0.00', '0.70', '20000.00', undefined],
      ['0.00', '0.70', '20000.00', undefined],
      ['3000.00', '0.70', '20000.00', undefined],
      ['5000.00', '0.60', '15000.00', undefined],
      ['10000.00', '0.50', '10000.00', undefined],
    ]);
  });

  // 二(一)2 subsidies; 二(三)1 monitoring; 二(三)2 one-time assistance.
  it('subsidises, monitors and grants the one-time assistance as written', () => {
    const s = from2023.subsidy.categories;
    expect([s.DESTITUTE?.kind, s.ORPHAN?.kind, s.SUBSISTENCE?.kind, s.RETURNED_TO_POVERTY?.kind]).toEqual(['full', 'full', 'full', 'full']);
    expect(s.MARGINAL).toMatchObject({ kind: 'percent', percent: '0.60' });
    expect(from2023.monitoring?.rules.map((r) => [r.threshold, r.population.scheme ?? null])).toEqual([
      ['5000.00', null],
      ['20000.00', 'RESIDENT'],
      ['50000.00', 'EMPLOYEE'],
    ]);
    expect(from2023.groups?.因病返贫风险监测范围).not.toContain('ILLNESS_IMPOVERISHED');
    expect(from2023.oneTimeAssistance).toMatchObject({ categories: ['ILLNESS_IMPOVERISHED'], lookBackMonths: 12 });
  });
});

describe('Bozhou 实施方案 (亳州晚报 2021-12-28)', () => {
  const bozhou = pack('bozhou');

  it('reports 12000 and 60% for critical illness and a derived tilt without cap', () => {
    expect(bozhou.critical.standard.threshold).toBe('12000.00');
    expect(bozhou.critical.standard.segments[0]?.ratio).toBe('0.60');
    expect(bozhou.critical.tilted?.derive).toMatchObject({ thresholdFactor: '0.5', ratioBonus: '0.05', annualCap: null });
    expect(bozhou.basic.ratio.rows?.[0]).toMatchObject({ when: { kinds: ['INPATIENT'], locations: ['IN_COUNTY'] }, value: '0.70' });
  });

  it('sets assistance thresholds and ratios, and subsidies 100/90/75/50%', () => {
    const c = bozhou.assistance.categories;
    expect([c.DESTITUTE, c.SUBSISTENCE, c.RETURNED_TO_POVERTY, c.UNSTABLE, c.EDGE, c.SUDDEN_HARDSHIP].map((r) => [r?.threshold, r?.ratio])).toEqual([
      ['0.00', '0.80'],
      ['0.00', '0.75'],
      ['1500.00', '0.70'],
      ['3000.00', '0.60'],
      ['3000.00', '0.60'],
      ['3000.00', '0.60'],
    ]);
    const s = bozhou.subsidy.categories;
    expect([s.DESTITUTE?.kind, s.SUBSISTENCE, s.RETURNED_TO_POVERTY, s.UNSTABLE]).toEqual([
      'full',
      expect.objectContaining({ percent: '0.90' }),
      expect.objectContaining({ percent: '0.75' }),
      expect.objectContaining({ percent: '0.50' }),
    ]);
    expect(s.STABLE_OUT_OF_POVERTY).toBeUndefined();
    // 第5段 names 脱贫不稳定 only; 低保边缘, 边缘易致贫 and 突发严重困难 are read into 监测人口, and marked assumed.
    expect(bozhou.groups?.监测人口).toEqual(['MARGINAL', 'UNSTABLE', 'EDGE', 'SUDDEN_HARDSHIP']);
    expect(s.MARGINAL).toMatchObject({ kind: 'percent', percent: '0.50', assumed: true });
  });
});

describe('Guizhou 实施方案 2021–2025', () => {
  const guizhou = pack('guizhou');

  it('sets basic and critical illness as stated', () => {
    expect(guizhou.basic.annualCap).toBe('250000.00');
    expect(guizhou.critical.standard.threshold).toEqual({ statistic: 'perCapitaDisposableIncome', geography: 'region', year: 'previous', factor: '0.50' });
    expect(guizhou.critical.standard.segments[0]?.ratio).toBe('0.60');
    expect(guizhou.critical.standard.annualCap).toBe('200000.00');
    // 返贫致贫人口 are not named by the plan; the pack gives them the tilt of 易返贫致贫人口 and says so.
    expect(guizhou.critical.tilted?.categories).toEqual(['DESTITUTE', 'SUBSISTENCE', 'RETURNED_TO_POVERTY', 'UNSTABLE', 'EDGE']);
    expect(guizhou.critical.tilted?.assumed).toBe(true);
    expect(guizhou.critical.tilted?.transitional?.[0]).toMatchObject({ category: 'STABLE_OUT_OF_POVERTY', assumed: true });
    expect(guizhou.basic.continuousDeductible?.categories).toContain('SUBSISTENCE');
  });

  // 二(二)4: 限额5万 shared; 特困 100%, 低保/易返贫 70%, 突发严重困难户 50%; 倾斜救助 above the cap, referred only.
  it('shares one 50000 assistance cap and re-assists above it for referred claims', () => {
    const c = guizhou.assistance.categories;
    expect([c.DESTITUTE, c.SUBSISTENCE, c.UNSTABLE, c.EDGE, c.SUDDEN_HARDSHIP].map((r) => [r?.ratio, r?.annualCap])).toEqual([
      ['1', '50000.00'],
      ['0.70', '50000.00'],
      ['0.70', '50000.00'],
      ['0.70', '50000.00'],
      ['0.50', '50000.00'],
    ]);
    expect([guizhou.reassistance.base, guizhou.reassistance.requiresReferral]).toEqual(['aboveAssistanceCap', true]);
    expect(guizhou.categoryAliases).toEqual({ ORPHAN: 'DESTITUTE' });
    expect(guizhou.subsidy.categories.DESTITUTE?.kind).toBe('full');
  });
});

describe('every seed pack', () => {
  it('keeps the contract defaults: no recovery, no re-settlement on publication, no mid-year top-up', () => {
    for (const { pack: p } of packs) {
      expect([p.region, p.recoverOverpayment, p.resettleOnPublication, p.subsidy.midYearTopUp, p.identityDate]).toEqual([p.region, false, false, false, 'discharge']);
    }
  });
});
