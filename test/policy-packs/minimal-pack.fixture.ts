import type { PolicyPack } from '../../src/domain/policy/policy-pack';

/**
 * The smallest pack that passes every semantic rule, already normalised (amounts "0.00", ratios as
 * written). Tests derive invalid packs from it with `packWith`, one change at a time, so that each
 * refusal is caused by exactly the change under test.
 */
export const minimalPack = (): PolicyPack => ({
  region: 'testland',
  regionName: '测试地区',
  revision: '2024-01-01',
  effectiveFrom: '2024-01-01',
  effectiveTo: '2024-12-31',
  documents: { 'test-doc': { title: '测试文件' } },
  identityDate: 'discharge',
  categoryAliases: { ORPHAN: 'DESTITUTE' },
  groups: { 监测: ['UNSTABLE', 'EDGE'] },
  statistics: [
    { statistic: 'perCapitaDisposableIncome', geography: 'province', year: 2023, value: '30000.00', assumed: true, note: 'test value' },
  ],
  basic: {
    source: { doc: 'test-doc', clause: '一' },
    deductible: { default: '500.00' },
    ratio: { default: '0.70', rows: [{ when: { locations: ['OUT_OF_PROVINCE'] }, value: '0.50' }] },
    annualCap: '250000.00',
  },
  critical: {
    source: { doc: 'test-doc', clause: '二' },
    boundaries: 'absolute',
    includeCategoryBSelfPay: false,
    standard: {
      source: { doc: 'test-doc', clause: '二' },
      threshold: '10000.00',
      segments: [
        { upTo: '100000.00', ratio: '0.60' },
        { upTo: null, ratio: '0.70' },
      ],
      annualCap: '400000.00',
    },
    tilted: {
      source: { doc: 'test-doc', clause: '二' },
      categories: ['DESTITUTE', 'SUBSISTENCE'],
      derive: { source: { doc: 'test-doc', clause: '二' }, thresholdFactor: '0.5', ratioBonus: '0.05', annualCap: null },
    },
  },
  assistance: {
    source: { doc: 'test-doc', clause: '三' },
    basis: 'annual',
    includeCategoryBSelfPay: false,
    referral: { required: false, assumed: true, note: 'not stated' },
    categories: {
      DESTITUTE: { source: { doc: 'test-doc', clause: '三' }, threshold: '0.00', ratio: '0.70', annualCap: null },
      SUBSISTENCE: { source: { doc: 'test-doc', clause: '三' }, threshold: '0.00', ratio: '0.70', annualCap: '70000.00' },
      MARGINAL: {
        source: { doc: 'test-doc', clause: '三' },
        threshold: { statistic: 'perCapitaDisposableIncome', geography: 'province', year: 'previous', factor: '0.10' },
        ratio: '0.60',
        annualCap: '20000.00',
      },
    },
  },
  reassistance: {
    source: { doc: 'test-doc', clause: '四' },
    base: 'remainder',
    basis: 'annual',
    cap: 'separate',
    requiresReferral: false,
    categories: {
      SUBSISTENCE: { source: { doc: 'test-doc', clause: '四' }, threshold: '5000.00', ratio: '0.70', annualCap: '20000.00' },
    },
  },
  subsidy: {
    source: { doc: 'test-doc', clause: '五' },
    midYearTopUp: false,
    categories: { DESTITUTE: { source: { doc: 'test-doc', clause: '五' }, kind: 'full' } },
  },
  monitoring: {
    source: { doc: 'test-doc', clause: '六' },
    burden: 'total',
    rules: [{ id: 'watch', name: '监测', source: { doc: 'test-doc', clause: '六' }, population: { groups: ['监测'] }, threshold: '6000.00' }],
  },
  recoverOverpayment: false,
  resettleOnPublication: false,
});

/** A writable view of a pack, so a test can change one value of a copy. */
export type Draft<T> = T extends ReadonlyArray<infer U> ? Array<Draft<U>> : T extends object ? { -readonly [K in keyof T]: Draft<T[K]> } : T;

/** A copy of the minimal pack with one change applied. */
export const packWith = (change: (draft: Draft<PolicyPack>) => void, base: PolicyPack = minimalPack()): PolicyPack => {
  const draft = structuredClone(base) as Draft<PolicyPack>;
  change(draft);
  return draft as PolicyPack;
};
