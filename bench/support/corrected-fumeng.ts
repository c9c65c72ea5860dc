import type { PolicyPack, PublishedPack } from '../../src/domain/policy/policy-pack';
import { validatePackObject } from '../../src/policy-packs/load-pack';
import { benchSeedPacks } from './ledger-fixture';

/**
 * The correction the reassessment and the simulation measurements apply: Fumeng's 2023 revision
 * with the tilted critical-illness ratio raised from 0.75 to 0.80, correcting 2023-01-01.
 */
export const correctedFumeng = (): PublishedPack => {
  const base = benchSeedPacks().find((published) => published.ref.region === 'fumeng' && published.ref.revision === '2023-01-01');
  if (!base) throw new Error('the seed packs have no fumeng 2023-01-01 revision');
  const pack = structuredClone(base.pack) as PolicyPack & { revision: string; corrects?: string };
  pack.revision = '2023-01-01-bench';
  pack.corrects = '2023-01-01';
  const tilted = pack.critical.tilted as unknown as { schedule: { segments: Array<{ ratio: string }> } };
  tilted.schedule.segments[0]!.ratio = '0.80';
  return validatePackObject(pack, 'bench:fumeng-correction');
};
