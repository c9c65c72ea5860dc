import type { PublishedPack } from '../../src/domain/policy/policy-pack';
import type { Category } from '../../src/domain/vocabulary';
import type { SubmitClaimInput } from '../../src/ledger/ledger.types';
import type { Ledger } from '../../src/ledger/ledger.service';
import { loadSeedPacks, validatePackObject } from '../../src/policy-packs/load-pack';

const fumeng2023 = loadSeedPacks().find((pack) => pack.ref.region === 'fumeng' && pack.ref.revision === '2023-01-01')!;

/**
 * Fumeng's 2023 pack with the tilted critical-illness ratio of its first segment set to `ratio`, as
 * revision `revision` (correcting `corrects` when given): the correction the reassessment tests replay.
 */
export const fumengWithTilt = (ratio: string, revision: string, corrects?: string): PublishedPack => {
  const pack = JSON.parse(JSON.stringify(fumeng2023.pack)) as Record<string, any>;
  pack.revision = revision;
  pack.critical.tilted.schedule.segments[0].ratio = ratio;
  if (corrects) pack.corrects = corrects;
  return validatePackObject(pack, `test:${revision}`);
};

/**
 * A Fumeng resident with one inpatient claim in May 2023: registered, recognized in `category` from
 * the year's start (none when null), enrolled, and the claim `c<index>` of `total` submitted with
 * `adjudicated` amounts when given. The person is `p<index>`.
 */
export const recordFumengClaimant = async (ledger: Ledger, index: number, category: Category | null, total: string, adjudicated?: SubmitClaimInput['adjudicated']): Promise<void> => {
  const meta = { actor: 'test' };
  const personId = `p${index}`;
  await ledger.registerPerson({ personId, region: 'fumeng', scheme: 'RESIDENT' }, meta);
  if (category) await ledger.recognizeIdentity({ personId, category, validFrom: '2023-01-01', source: { department: 'CIVIL_AFFAIRS', document: 'roster' } }, meta);
  await ledger.enrollPerson({ personId, year: 2023, contribution: '380.00', enrolledOn: '2022-12-01' }, meta);
  const claim = { claimId: `c${index}`, personId, kind: 'INPATIENT' as const, admissionDate: '2023-05-02', dischargeDate: '2023-05-12' };
  await ledger.submitClaim({ ...claim, hospitalLevel: 'SECONDARY', location: 'IN_COUNTY', costs: { total }, ...(adjudicated ? { adjudicated } : {}) }, meta);
};
