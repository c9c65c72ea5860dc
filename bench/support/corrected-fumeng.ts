import type { PolicyPack, PublishedPack } from '../../src/domain/policy/policy-pack';
import { validatePackObject } from '../../src/policy-packs/load-pack';
import { benchSeedPacks } from './ledger-fixture';

/**
 * The correction the reassessment and the simulation measurements apply: Fumeng's 2023 revision
 * with the tilted critical-illness ratio raised from 0.75 to 0.80, correcting 2023-01-01.
 * `step` > 0 gives the further corrections of the sustained measurement: revision
 * `2023-01-01-bench-<step>` corrects the one before it and raises the ratio by another 0.01, so each
 * changes the same claims again.
 */
export const correctedFumeng = (step = 0): PublishedPack => {
  const base = benchSeedPacks().find((published) => published.ref.region === 'fumeng' && published.ref.revision === '2023-01-01');
  if (!base) throw new Error('the seed packs have no fumeng 2023-01-01 revision');
  const pack = structuredClone(base.pack) as PolicyPack & { revision: string; corrects?: string };
  pack.revision = benchRevision(step);
  pack.corrects = step === 0 ? '2023-01-01' : benchRevision(step - 1);
  const tilted = pack.critical.tilted as unknown as { schedule: { segments: Array<{ ratio: string }> } };
  tilted.schedule.segments[0]!.ratio = (0.8 + step / 100).toFixed(2);
  return validatePackObject(pack, `bench:fumeng-correction-${step}`);
};

const benchRevision = (step: number): string => (step === 0 ? '2023-01-01-bench' : `2023-01-01-bench-${step}`);
