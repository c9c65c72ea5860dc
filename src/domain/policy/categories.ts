import { CATEGORIES, type Category } from '../vocabulary';
import type { PolicyPack } from './policy-pack';

/**
 * Category lists in the ledger are sets kept in the order of CATEGORIES, because that order is the
 * tie-break of 就高不就低 and a stable order keeps traces and hashes reproducible.
 */
export const orderCategories = (categories: readonly Category[]): Category[] =>
  CATEGORIES.filter((category) => categories.includes(category));

export interface AliasedCategories {
  /** What the person holds, deduplicated and ordered. */
  readonly held: readonly Category[];
  /** What the pack's rules see after `categoryAliases` (ORPHAN → DESTITUTE outside Fumeng). */
  readonly effective: readonly Category[];
  /** One sentence per alias that was applied. */
  readonly notes: readonly string[];
  /** The aliases applied, as data for the trace. */
  readonly aliases: ReadonlyArray<{ readonly held: Category; readonly as: Category }>;
}

export const applyAliases = (pack: PolicyPack, categories: readonly Category[]): AliasedCategories => {
  const held = orderCategories(categories);
  const aliases = pack.categoryAliases ?? {};
  const notes: string[] = [];
  const applied: Array<{ held: Category; as: Category }> = [];
  const mapped = held.map((category) => {
    const alias = aliases[category];
    if (alias === undefined || alias === category) return category;
    notes.push(`${category} is managed as ${alias} under this pack (categoryAliases).`);
    applied.push({ held: category, as: alias });
    return alias;
  });
  return { held, effective: orderCategories(mapped), notes, aliases: applied };
};

/** True when the person holds any listed category, either as held or after aliases. */
export const holdsAnyOf = (categories: AliasedCategories, listed: readonly Category[]): boolean =>
  [...categories.held, ...categories.effective].some((category) => listed.includes(category));
