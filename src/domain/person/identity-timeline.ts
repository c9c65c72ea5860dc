import type { IdentityRecognized, IdentityRevoked } from '../ledger.events';
import { CATEGORIES, type Category, type IsoDate } from '../vocabulary';

/**
 * A person's identity categories over effective time, folded from recognitions and revocations in
 * the order they were recorded. Both can be retroactive, so the fold works on effective dates only and
 * never on the day something was recorded (that is the projections' as-at dimension).
 */
export type IdentityChange = IdentityRecognized['data'] & { readonly change: 'recognized' } | IdentityRevoked['data'] & { readonly change: 'revoked' };

export interface ValidityInterval {
  readonly category: Category;
  readonly validFrom: IsoDate;
  /** Inclusive; null while open. */
  readonly validTo: IsoDate | null;
}

/** Upper bound on intervals per category: a person re-recognised daily for decades would still fit. */
const MAX_INTERVALS_PER_CATEGORY = 10_000;

/**
 * Intervals per list of changes: a person's list is replaced, never changed, when a change is folded
 * in, and a reassessment asks for the categories on the date of every claim of the person's year.
 */
const intervalsByChanges = new WeakMap<readonly IdentityChange[], readonly ValidityInterval[]>();

export const intervalsOf = (changes: readonly IdentityChange[]): readonly ValidityInterval[] => {
  const known = intervalsByChanges.get(changes);
  if (known) return known;
  const intervals = foldIntervals(changes);
  intervalsByChanges.set(changes, intervals);
  return intervals;
};

const foldIntervals = (changes: readonly IdentityChange[]): ValidityInterval[] => {
  const byCategory = new Map<Category, ValidityInterval[]>();
  for (const change of changes) {
    const current = byCategory.get(change.category) ?? [];
    byCategory.set(change.category, change.change === 'recognized' ? addInterval(current, change) : cutAt(current, change.validTo));
  }
  return CATEGORIES.flatMap((category) => byCategory.get(category) ?? []);
};

const addInterval = (intervals: ValidityInterval[], change: IdentityRecognized['data']): ValidityInterval[] => {
  if (intervals.length >= MAX_INTERVALS_PER_CATEGORY) throw new RangeError(`too many validity intervals for ${change.category}`);
  return [...intervals, { category: change.category, validFrom: change.validFrom, validTo: change.validTo }];
};

/** A revocation ends every interval of the category on `lastValidDay`; intervals starting later vanish. */
const cutAt = (intervals: ValidityInterval[], lastValidDay: IsoDate): ValidityInterval[] =>
  intervals
    .filter((interval) => interval.validFrom <= lastValidDay)
    .map((interval) =>
      interval.validTo === null || interval.validTo > lastValidDay ? { ...interval, validTo: lastValidDay } : interval,
    );

export const covers = (interval: ValidityInterval, date: IsoDate): boolean =>
  interval.validFrom <= date && (interval.validTo === null || date <= interval.validTo);

/** Categories valid on a date, in the order of the vocabulary table (the 就高不就低 tie-break order). */
export const categoriesOn = (changes: readonly IdentityChange[], date: IsoDate): Category[] => {
  const valid = new Set(intervalsOf(changes).filter((interval) => covers(interval, date)).map((interval) => interval.category));
  return CATEGORIES.filter((category) => valid.has(category));
};
