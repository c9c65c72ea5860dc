import type { TraceStep } from '../domain/policy/settlement.types';
import { tierOfStep } from '../domain/policy/trace';
import { TIERS, type Tier } from '../domain/vocabulary';
import { normaliseAmount } from './amounts';

/**
 * The threshold and cap figures of each tier as a settlement trace states them, for the usage
 * projection (person-year-usage.projection.ts), which shows them without recomputing policy.
 */

/** "unlimited" when the trace says the tier has no annual cap; null when the trace does not say. */
export type CapText = string | 'unlimited' | null;

export interface TraceFigures {
  readonly threshold: string | null;
  readonly cap: CapText;
  /**
   * What the engine says is left of the cap after the claim. It is preferred over cap − paid because
   * a cap may be shared (re-assistance within the assistance cap) and only the engine knows how.
   */
  readonly remainingAfter: string | null;
}

/** Every tier's figures, from one pass over the trace (a projection reads them for every claim it projects). */
export const figuresOf = (trace: readonly TraceStep[]): Record<Tier, TraceFigures> => {
  const firstOfTier = new Map<Tier, TraceStep>();
  for (const step of trace) {
    const tier = tierOfStep(step);
    if (tier !== null && !firstOfTier.has(tier)) firstOfTier.set(tier, step);
  }
  return Object.fromEntries(TIERS.map((tier) => [tier, figuresOfStep(firstOfTier.get(tier))])) as Record<Tier, TraceFigures>;
};

export const NO_FIGURES: TraceFigures = { threshold: null, cap: null, remainingAfter: null };

const THRESHOLD_KEYS = ['threshold'] as const;
const CAP_KEYS = ['cap', 'annualCap'] as const;
const UNLIMITED = new Set(['null', 'none', 'unlimited', '']);

/**
 * Threshold and cap of a tier as the settlement trace states them (the first step of the tier: key `<tier>.*`, or a v1 `legacy` step of that name:
 * `threshold`, `cap` with "none" for no cap, `capRemainingAfter`). The trace is an explanation, not
 * a contract, so this reads the figures where they are and reports null where they are not, rather
 * than recomputing policy here.
 */
export const traceFigures = (trace: readonly TraceStep[], tier: Tier): TraceFigures =>
  figuresOfStep(trace.find((candidate) => tierOfStep(candidate) === tier));

const figuresOfStep = (step: TraceStep | undefined): TraceFigures => {
  const values = step?.values ?? {};
  const threshold = normaliseAmount(THRESHOLD_KEYS.map((key) => values[key]).find((value) => value !== undefined));
  const capText = CAP_KEYS.map((key) => values[key]).find((value) => value !== undefined);
  const cap: CapText = capText === undefined ? null : UNLIMITED.has(capText.trim().toLowerCase()) ? 'unlimited' : normaliseAmount(capText);
  return { threshold, cap, remainingAfter: normaliseAmount(values.capRemainingAfter) };
};
