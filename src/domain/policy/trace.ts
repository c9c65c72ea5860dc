import { formatExact, formatYuan, type Yuan } from '../money';
import { CATEGORY_NAMES_ZH, TIERS, type Category, type Tier } from '../vocabulary';
import type { SentenceStep, TraceStep } from './settlement.types';

/**
 * Recording a settlement trace. The engine records what it decided as a message key, the numbers it
 * used and the pack rule it applied (`traceStep(key, values, rule, figures)`); the sentences are
 * written on read by `src/domain/explanation/`, in Chinese or English. Keep the keys in the
 * catalogues (`messages.zh.ts`, `messages.en.ts`): a test fails when a key has no message.
 */

/** The pack field a figure is read from when it is named differently in the trace. */
const FIELD_OF: Readonly<Record<string, string>> = { cap: 'annualCap' };

/**
 * Where a figure of a step comes from: its own entry in `figures`, else the field of that name under
 * the step's rule (`cap` → `<rule>.annualCap`), whose provenance falls back to the rule's own.
 */
export const figurePath = (step: Pick<TraceStep, 'rule' | 'figures'>, name: string): string | undefined =>
  step.figures?.[name] ?? (step.rule === undefined ? undefined : `${step.rule}.${FIELD_OF[name] ?? name}`);

export const traceStep = (
  key: string,
  values?: Readonly<Record<string, string>>,
  rule?: string,
  figures?: Readonly<Record<string, string>>,
): TraceStep => {
  // Plain loops, not entries/filter/fromEntries and spreads: every settled claim writes a dozen steps.
  const step: { key: string; values?: Readonly<Record<string, string>>; rule?: string; figures?: Record<string, string> } = { key };
  if (values !== undefined && hasKeys(values)) step.values = values;
  if (rule !== undefined) step.rule = rule;
  if (figures !== undefined) {
    let own: Record<string, string> | undefined;
    for (const name of Object.keys(figures)) {
      const path = figures[name]!;
      // A figure under the step's own rule needs no entry: figurePath finds it there.
      if (rule === undefined || path !== `${rule}.${FIELD_OF[name] ?? name}`) (own ??= {})[name] = path;
    }
    if (own !== undefined) step.figures = own;
  }
  return step;
};

const hasKeys = (record: Readonly<Record<string, string>>): boolean => {
  for (const _name in record) return true;
  return false;
};

/**
 * `fields` with a `steps` property written when first read, then kept. A settlement evaluates every
 * category held but records the steps of the chosen one only, and a reassessment records no trace
 * for a claim it leaves unchanged: writing their figures up front was a fifth of a settlement's time.
 */
export const withLazySteps = <T extends object>(fields: T, build: () => readonly TraceStep[]): T & { readonly steps: readonly TraceStep[] } =>
  Object.assign(new LazySteps(build), fields);

/** A class, so that every outcome shares one getter on the prototype and keeps a stable shape. */
class LazySteps {
  private written: readonly TraceStep[] | undefined = undefined;

  constructor(private readonly build: () => readonly TraceStep[]) {}

  get steps(): readonly TraceStep[] {
    return (this.written ??= this.build());
  }
}

/** A cap as the trace writes it: "none" for no cap (projections read it so). */
export const capText = (cap: Yuan | null): string => (cap === null ? 'none' : formatYuan(cap));

/**
 * The one rounding of a tier: the unrounded amount, only when the rounding changed it (the rounded one
 * is the payout the settlement records, to the fen, ROUND_HALF_UP).
 */
export const exactValue = (exact: Yuan, rounded: Yuan): Record<string, string> => (exact.equals(rounded) ? {} : { exact: formatExact(exact) });

/** The tier a step explains, or null: "critical.standard" → critical; a v1 step kept verbatim names it in `values.step`. */
export const tierOfStep = (step: TraceStep): Tier | null => {
  const head = step.key === 'legacy' ? (step.values?.step ?? '') : firstSegment(step.key);
  return TIER_NAMES.has(head) ? (head as Tier) : null;
};

const TIER_NAMES: ReadonlySet<string> = new Set(TIERS);

/** "critical.standard" → "critical", without the array a split would build (projections call this for every step they read). */
const firstSegment = (key: string): string => {
  const dot = key.indexOf('.');
  return dot < 0 ? key : key.slice(0, dot);
};

// ---- sentence steps (subsidy and one-time assistance decisions, still recorded as sentences) ----

/** The one rounding of a tier, as a sentence step records it: the exact amount and the rounded one. */
export const roundingValues = (exact: Yuan, rounded: Yuan): Record<string, string> => ({
  exact: formatExact(exact),
  rounded: formatYuan(rounded),
  rounding: 'to 0.01 yuan, ROUND_HALF_UP',
});

export const categoryLabel = (category: Category | null): string =>
  category === null ? 'no category' : `${CATEGORY_NAMES_ZH[category]} (${category})`;

export const sentenceStep = (
  step: string,
  explanation: string,
  clause?: string,
  values?: Readonly<Record<string, string>>,
): SentenceStep => ({
  step,
  explanation,
  ...(clause === undefined ? {} : { clause }),
  ...(values === undefined ? {} : { values }),
});
