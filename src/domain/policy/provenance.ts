import type { Provenance } from './policy-pack';

/**
 * How a trace cites a rule: "heze-2022-10 §一(四)" for a sourced value, "assumed: <note>" for a value
 * the seeds do not give. The most specific provenance wins, so a category rule is cited before the
 * tier it belongs to.
 */
export const clauseOf = (...candidates: ReadonlyArray<Provenance | undefined>): string => {
  for (const candidate of candidates) {
    if (candidate?.source) return `${candidate.source.doc} §${candidate.source.clause}`;
    if (candidate?.assumed) return `assumed: ${candidate.note ?? 'no note given'}`;
  }
  return 'unsourced';
};
