import type { PublishedPack } from '../../src/domain/policy/policy-pack';
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
