import type { PolicyPack, Provenance, SourceRef } from './policy-pack';

/**
 * Where a figure comes from. A rule object of a pack carries `source` (the clause it encodes) or
 * `assumed: true` with a `note`; an object with neither inherits from the object that holds it. An
 * object marked `assumed` is assumed even when it also names a source: the source then only says
 * which clause the assumption stands beside, and an explanation must never present it as cited.
 */
export type RuleProvenance =
  | { readonly kind: 'cited'; readonly source: SourceRef }
  | { readonly kind: 'assumed'; readonly note: string; readonly source?: SourceRef }
  | { readonly kind: 'unsourced' };

/** A path deeper than this is not a pack rule. */
const MAX_PATH_SEGMENTS = 16;

const NO_NOTE = 'no note given';

export const provenanceOfObject = (candidate: Provenance | undefined): RuleProvenance | null => {
  if (candidate?.assumed === true) {
    return { kind: 'assumed', note: candidate.note ?? NO_NOTE, ...(candidate.source ? { source: candidate.source } : {}) };
  }
  if (candidate?.source) return { kind: 'cited', source: candidate.source };
  return null;
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * The provenance of the rule at `path` ("assistance.categories.SUBSISTENCE", "basic.ratio.rows.2",
 * "statistics.0"): the most specific object on the path that says where it comes from.
 */
export const provenanceAt = (pack: PolicyPack, path: string): RuleProvenance => {
  const segments = path.split('.').slice(0, MAX_PATH_SEGMENTS);
  const chain: unknown[] = [pack];
  let node: unknown = pack;
  for (const segment of segments) {
    node = isObject(node) ? node[segment] : undefined;
    if (node === undefined) break;
    chain.push(node);
  }
  for (let index = chain.length - 1; index >= 0; index -= 1) {
    const found = isObject(chain[index]) ? provenanceOfObject(chain[index] as Provenance) : null;
    if (found) return found;
  }
  return { kind: 'unsourced' };
};

/**
 * How a sentence cites a rule (subsidy grants, one-time assistance): "heze-2022-10 §一(四)" for a
 * sourced value, "assumed: <note>" for a value the seeds do not give. The most specific provenance
 * wins, so a category rule is cited before the tier it belongs to.
 */
export const clauseOf = (...candidates: ReadonlyArray<Provenance | undefined>): string => {
  for (const candidate of candidates) {
    const found = provenanceOfObject(candidate);
    if (found?.kind === 'cited') return `${found.source.doc} §${found.source.clause}`;
    if (found?.kind === 'assumed') return `assumed: ${found.note}`;
  }
  return 'unsourced';
};
