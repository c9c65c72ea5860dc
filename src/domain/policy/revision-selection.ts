import { isWithin } from '../iso-date';
import type { IsoDate } from '../vocabulary';
import type { PublishedPack } from './policy-pack';

/**
 * The revision of a region in force on a date. A correction is a new revision of the same period, so
 * several may cover the date: the latest published (last in the array, which is in publication order)
 * wins, and nothing already recorded changes because earlier events keep citing their own revision.
 */
/** More published revisions than this is a data error, not a policy history. */
const MAX_REVISIONS = 10_000;

export const selectRevision = (packs: readonly PublishedPack[], region: string, date: IsoDate): PublishedPack | null => {
  if (packs.length > MAX_REVISIONS) throw new RangeError(`selectRevision: ${packs.length} revisions, more than ${MAX_REVISIONS}`);
  for (let index = packs.length - 1; index >= 0; index -= 1) {
    const candidate = packs[index]!;
    const { pack } = candidate;
    if (pack.region === region && isWithin(date, pack.effectiveFrom, pack.effectiveTo)) return candidate;
  }
  return null;
};
