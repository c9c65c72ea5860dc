import type { PolicyRef, PublishedPack } from '../policy/policy-pack';
import { CATEGORIES, type Category, type IsoDate } from '../vocabulary';
import { categoriesOn } from './identity-timeline';
import type { Person } from './person.decider';

/** Categories the person holds on a date, as the ledger knows it now. */
export const personCategoriesOn = (person: Person, date: IsoDate): Category[] => categoriesOn(person.identityChanges, date);

/**
 * The categories a recorded claim is settled under on its reference date when it is settled again.
 * A claim covered by one-time assistance (Fumeng §二(三)2) is excluded from later retroactive
 * reassessment for the category the grant was made under (domain contract §6): the grant already
 * assisted the claim's remainder, so a recognition of that category recorded afterwards for the
 * claim's date would assist the same remainder a second time. For that category the claim keeps the
 * identity changes known when the grant was recorded; every other category is as known now.
 * `oneTimeCategories` gives a revision's `oneTimeAssistance.categories` (empty when unknown: then the
 * grant's category cannot be told, and every category is kept as known at the grant, erring against
 * paying twice).
 */
export const categoriesForRecordedClaim = (
  person: Person,
  claimId: string,
  date: IsoDate,
  oneTimeCategories: (policy: PolicyRef) => readonly Category[],
): Category[] => {
  const grant = person.oneTimeAssistance.find((candidate) => candidate.claimsCovered.includes(claimId));
  const now = categoriesOn(person.identityChanges, date);
  if (grant === undefined) return now;
  const knownChanges = person.identityChanges.slice(0, grant.identityChangesKnown);
  // The decider's own choice: the first of the revision's categories held on the application date.
  const granted = oneTimeCategories(grant.policy).find((category) => categoriesOn(knownChanges, grant.applicationDate).includes(category));
  const known = categoriesOn(knownChanges, date);
  if (granted === undefined) return known;
  return CATEGORIES.filter((category) => (category === granted ? known : now).includes(category));
};

/** `categoriesForRecordedClaim`'s lookup among published revisions: the categories a revision gives one-time assistance to. */
export const oneTimeCategoriesAmong =
  (revisions: readonly PublishedPack[]) =>
  (policy: PolicyRef): readonly Category[] =>
    revisions.find((published) => published.ref.region === policy.region && published.ref.revision === policy.revision)?.pack.oneTimeAssistance?.categories ?? [];
