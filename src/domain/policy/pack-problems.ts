import type { Provenance } from './policy-pack';

/**
 * The vocabulary every pack rule reports in, and the bounded list helpers the rule files share. A
 * problem names the path inside the pack, the rule broken and a sentence an operator can act on.
 */

export type PackRule =
  | 'amount-format'
  | 'ratio-range'
  | 'factor-range'
  | 'segment-order'
  | 'cap-below-threshold'
  | 'unknown-category'
  | 'alias'
  | 'unknown-group'
  | 'empty-population'
  | 'provenance'
  | 'unknown-document'
  | 'effective-period'
  | 'tilt-shape'
  | 'unknown-statistic'
  | 'duplicate-id'
  | 'benefit-years'
  | 'pending-conflict'
  | 'disease-code'
  | 'selector'
  | 'revision-overlap'
  | 'duplicate-revision'
  | 'unknown-correction'
  | 'correction-not-head';

export interface PackProblem {
  /** Where in the pack, in dotted form: "assistance.categories.SUBSISTENCE.ratio", "statistics[2].value". */
  readonly path: string;
  readonly rule: PackRule;
  readonly message: string;
}

/** An object that must say where its values come from, with its path in the pack. */
export interface RuleObject {
  readonly path: string;
  readonly value: Provenance;
}

export type Problems = PackProblem[];

export const problem = (problems: Problems, path: string, rule: PackRule, message: string): void => {
  problems.push({ path, rule, message });
};

/** Upper bound on any list inside a pack; the schema enforces smaller ones, this guards packs built in code. */
export const MAX_PACK_ITEMS = 1000;

export const bounded = <T>(items: readonly T[] | undefined, path: string): readonly T[] => {
  const list = items ?? [];
  if (list.length > MAX_PACK_ITEMS) throw new RangeError(`${path} has ${list.length} items, more than ${MAX_PACK_ITEMS}`);
  return list;
};

export const entriesOf = <T>(record: Readonly<Partial<Record<string, T>>> | undefined, path: string): Array<[string, T]> => {
  const entries = Object.entries(record ?? {}).filter((entry): entry is [string, T] => entry[1] !== undefined);
  return bounded(entries, path) as Array<[string, T]>;
};
