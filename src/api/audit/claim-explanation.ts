import { renderExplanation } from '../../domain/explanation/render-explanation';
import { DEFAULT_LANG, isLang, type ExplanationSource, type Lang, type PackLookup, type RenderedExplanation } from '../../domain/explanation/explanation.types';
import type { ClaimExplanationRow } from '../../projections/claim-explanation.projection';

/**
 * A claim's explanation in the reader's language, from the claim-explanation read model and the
 * policy packs: the settlement as first recorded and every reassessment, each rendered from its
 * recorded trace (message keys, figures, rule paths) with the provenance of every figure.
 */

export interface ClaimExplanationAnswer {
  readonly claimId: string;
  readonly lang: Lang;
  readonly settlement: RenderedExplanation | null;
  readonly reassessments: ReadonlyArray<{ readonly correctionId: string; readonly explanation: RenderedExplanation }>;
}

/** A header longer than this is not a language preference. */
const MAX_ACCEPT_LANGUAGE_LENGTH = 512;
const MAX_LANGUAGE_RANGES = 32;

/**
 * The language to answer in: the `lang` query parameter when given (checked by the controller),
 * otherwise the first of zh and en in `Accept-Language` by quality, otherwise Chinese.
 */
export const languageOf = (acceptLanguage: string | undefined, lang: Lang | null): Lang => {
  if (lang !== null) return lang;
  const header = (acceptLanguage ?? '').slice(0, MAX_ACCEPT_LANGUAGE_LENGTH);
  const ranges = header
    .split(',')
    .slice(0, MAX_LANGUAGE_RANGES)
    .map((part, order) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
      return { primary: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), order };
    })
    .filter((range) => isLang(range.primary) && range.q > 0)
    .sort((left, right) => right.q - left.q || left.order - right.order);
  return ranges.length > 0 ? (ranges[0]!.primary as Lang) : DEFAULT_LANG;
};

const packOf = (lookup: PackLookup, source: ExplanationSource) => lookup(source.policy);

export const explainClaim = (row: ClaimExplanationRow, lookup: PackLookup, lang: Lang): ClaimExplanationAnswer => {
  const settlement = row.settlement;
  if (settlement === null) return { claimId: row.claimId, lang, settlement: null, reassessments: [] };
  const reassessments = row.reassessments.map((entry) => {
    // A reassessment replays the same claim: its costs and reference date are the settlement's.
    const source: ExplanationSource = {
      ...settlement,
      policy: entry.policy,
      heldCategories: entry.heldCategories ?? settlement.heldCategories,
      appliedCategory: entry.appliedCategory,
      payouts: entry.next.payouts,
      outOfPocket: entry.next.outOfPocket,
      accumulators: entry.accumulators,
      trace: entry.trace,
    };
    return { correctionId: entry.correctionId, explanation: renderExplanation(source, packOf(lookup, source), lang) };
  });
  return { claimId: row.claimId, lang, settlement: renderExplanation(settlement, packOf(lookup, settlement), lang), reassessments };
};
