import fc from 'fast-check';
import { D, formatYuan } from '../../src/domain/money';
import type { PublishedPack } from '../../src/domain/policy/policy-pack';
import type { Claim } from '../../src/domain/policy/settlement.types';
import type { Category } from '../../src/domain/vocabulary';
import { loadSeedPacks, validatePackObject } from '../../src/policy-packs/load-pack';

/** Heze's seed pack, corrections of it, and generated claims of one person-year: what the benefit-year properties settle. */

export const heze = loadSeedPacks().find((pack) => pack.ref.region === 'heze')!;
/** A pack as plain JSON, to be edited and validated again, as an operator edits a YAML file. */
type EditablePack = Record<string, any>;

/** A correction of the Heze pack: other assistance ratios and caps, another tilted first segment. */
export const corrected = (revision: string, subsistenceRatio: string, subsistenceCap: string, tiltRatio: string): PublishedPack => {
  const pack = JSON.parse(JSON.stringify(heze.pack)) as EditablePack;
  pack.revision = revision;
  pack.corrects = heze.ref.revision;
  pack.assistance.categories.SUBSISTENCE.ratio = subsistenceRatio;
  pack.assistance.categories.SUBSISTENCE.annualCap = subsistenceCap;
  pack.critical.tilted.schedule.segments[0].ratio = tiltRatio;
  return validatePackObject(pack, `property:${revision}`);
};

const amount = fc.integer({ min: 0, max: 30_000_000 }).map((fen) => formatYuan(new D(fen).dividedBy(100)));
export const claimArbitrary = fc.record({
  total: amount,
  outOfCatalog: fc.integer({ min: 0, max: 20 }),
  kind: fc.constantFrom('INPATIENT' as const, 'OUTPATIENT_CHRONIC' as const),
  month: fc.integer({ min: 5, max: 12 }),
  categories: fc.subarray(['DESTITUTE', 'SUBSISTENCE', 'RETURNED_TO_POVERTY', 'MARGINAL'] as Category[], { maxLength: 2 }),
});
export const toClaim = (index: number, generated: fc.Arbitrary<unknown> extends never ? never : { total: string; outOfCatalog: number; kind: Claim['kind']; month: number }): Claim => {
  const date = `2023-${String(generated.month).padStart(2, '0')}-15`;
  const outOfCatalog = formatYuan(new D(generated.total).times(generated.outOfCatalog).dividedBy(100).toDecimalPlaces(2, D.ROUND_DOWN));
  return {
    claimId: `c${index}`,
    personId: 'p1',
    scheme: 'RESIDENT',
    kind: generated.kind,
    admissionDate: date,
    dischargeDate: date,
    hospitalLevel: 'SECONDARY',
    location: 'IN_COUNTY',
    referred: false,
    relocationFiled: false,
    costs: { total: generated.total, outOfCatalog, categoryBSelfPay: '0.00', overStandard: '0.00', outOfAreaFirstSelfPay: '0.00' },
  };
};
