import type { PolicyPack } from './policy-pack';

/**
 * Values derived from a pack alone (an amount parsed, a category rule resolved for a benefit year),
 * kept per pack object: a pack is immutable once validated, and parsing its thresholds, caps and
 * ratios again for every claim and every category held was a large share of a settlement's decimals.
 * Keyed by the pack object, so a pack no longer referenced takes its entries with it. A computation
 * that throws (a statistic not published) is not kept, and throws again next time.
 */
const memos = new WeakMap<PolicyPack, Map<string, unknown>>();

/** Distinct derived values per pack: far above what a pack holds (a few dozen rules × years); past it the entries start over. */
export const PACK_MEMO_ENTRIES_MAX = 2048;

export const memoized = <T>(pack: PolicyPack, key: string, compute: () => T): T => {
  let memo = memos.get(pack);
  if (!memo) memos.set(pack, (memo = new Map()));
  // One lookup for the common case, a value kept; `has` only tells a kept undefined from none.
  const kept = memo.get(key);
  if (kept !== undefined || memo.has(key)) return kept as T;
  const value = compute();
  if (memo.size >= PACK_MEMO_ENTRIES_MAX) memo.clear();
  memo.set(key, value);
  return value;
};
