import type { PolicyPack, PolicyRef } from '../policy/policy-pack';
import type { Accumulators, Claim, Payouts, TraceStep } from '../policy/settlement.types';
import type { AmountText, Category, IsoDate, Tier } from '../vocabulary';

/** The languages an explanation is rendered in; Chinese is the default (the inspectors read Chinese). */
export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'zh';

export const isLang = (value: unknown): value is Lang => typeof value === 'string' && (LANGS as readonly string[]).includes(value);

/**
 * What an explanation is rendered from: a settlement as the engine returns it, or the data of a
 * `ClaimSettled` v2 event, which has the same fields. The trace holds the decisions and their own
 * figures; the costs, amounts and accumulators are read here.
 */
export interface ExplanationSource {
  readonly claim: Claim;
  readonly referenceDate: IsoDate;
  readonly year: number;
  readonly policy: PolicyRef;
  readonly heldCategories: readonly Category[];
  readonly appliedCategory: Category | null;
  readonly policyScope: AmountText;
  readonly payouts: Payouts;
  readonly outOfPocket: AmountText;
  readonly accumulators: { readonly before: Accumulators; readonly after: Accumulators };
  readonly trace: readonly TraceStep[];
}

/** Where a figure comes from, as the reader sees it. */
export interface RenderedProvenance {
  /** cited: a clause of a seed document; assumed: the seeds do not give it; recorded: a v1 event's own citation. */
  readonly kind: 'cited' | 'assumed' | 'unsourced' | 'recorded' | 'unknown';
  readonly doc?: string;
  readonly clause?: string;
  /** The document's title, from the pack. */
  readonly title?: string;
  readonly note?: string;
  /** The pack rule, e.g. "assistance.categories.SUBSISTENCE". */
  readonly rule?: string;
  /** One line: "依据 heze-2022-10 §一(四)" / "假定：…". */
  readonly text: string;
}

export interface RenderedFigure {
  readonly name: string;
  readonly label: string;
  /** The value as recorded. */
  readonly value: string;
  /** The value as read: amounts with 元 / yuan, ratios as percentages, codes by their names. */
  readonly text: string;
  readonly provenance: RenderedProvenance | null;
}

export interface RenderedStep {
  readonly index: number;
  readonly key: string;
  readonly tier: Tier | null;
  readonly title: string;
  readonly text: string;
  readonly provenance: RenderedProvenance | null;
  readonly figures: readonly RenderedFigure[];
}

export interface RenderedExplanation {
  readonly lang: Lang;
  /** The outcome in three lines: policy, categories, amounts. */
  readonly heading: readonly string[];
  readonly steps: readonly RenderedStep[];
}

/** The pack a source names, or null when the reader does not have it (the explanation then cites rule paths only). */
export type PackLookup = (ref: PolicyRef) => PolicyPack | null;
