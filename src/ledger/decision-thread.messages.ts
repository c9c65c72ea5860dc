import type { BenefitYear, BenefitYearEvent } from '../domain/benefit-year/benefit-year.decider';
import type { PolicyRef, PublishedPack } from '../domain/policy/policy-pack';
import type { Category } from '../domain/vocabulary';

/**
 * What the ledger and a decision thread say to each other. A reassessment's decisions are pure
 * (`decideBenefitYear` over a loaded state and the contexts known now), so they can be taken on
 * another core: the thread receives person-year states and their claims' contexts, and answers the
 * events decided. A context names its pack by key instead of carrying it, and each pack crosses to a
 * thread once, because a pack is much larger than the person-year it settles.
 */

/** The key a pack travels under: region, revision and content hash, unique per published revision. */
export const packKeyOf = (ref: PolicyRef): string => `${ref.region}/${ref.revision}/${ref.hash}`;

export interface ContextByKey {
  readonly pack: string;
  readonly heldCategories: readonly Category[];
}

export interface ReassessDecision {
  readonly state: BenefitYear;
  readonly correctionId: string;
  readonly reason: string;
  readonly contexts: Readonly<Record<string, ContextByKey>>;
}

/** The events decided for one person-year, or `failed` when its decision threw (it is then decided again on the ledger's thread, which throws the same error there). */
export type DecisionAnswer = { readonly events: BenefitYearEvent[] } | { readonly failed: string };

export type ToDecisionThread = {
  readonly kind: 'decide';
  readonly id: number;
  /** Packs this thread has not received yet. */
  readonly packs: readonly PublishedPack[];
  readonly decisions: readonly ReassessDecision[];
};

export type FromDecisionThread =
  | { readonly kind: 'ready' }
  | { readonly kind: 'decided'; readonly id: number; readonly answers: readonly DecisionAnswer[] };
