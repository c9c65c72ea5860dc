import type { Decimal, Yuan } from '../money';
import type { ClaimKind } from '../vocabulary';
import { readRatio } from './pack-values';
import type { CategoryRule, PolicyPack, Provenance } from './policy-pack';
import { memoized } from './pack-memo';
import { clauseOf } from './provenance';
import type { TraceStep } from './settlement.types';
import { resolveAmount, resolveCap } from './statistics';

/** A category's assistance or re-assistance rule with its amounts resolved for a benefit year. */
export interface ResolvedCategoryRule {
  readonly threshold: Yuan;
  readonly ratio: Decimal;
  readonly ratioText: string;
  /** null: no annual cap. */
  readonly cap: Yuan | null;
  /** How a sentence cites the rule (one-time assistance). */
  readonly clause: string;
  /** Pack path of the rule, e.g. "assistance.categories.SUBSISTENCE": what a trace step cites. */
  readonly path: string;
  /** Sentences on statistic-based amounts, empty for fixed ones. */
  readonly notes: readonly string[];
  /** The same derivations as trace steps. */
  readonly steps: readonly TraceStep[];
}

/** The rule at `path` of the pack, for a benefit year: resolved once per pack, year and label (see pack-memo). */
export const resolveCategoryRule = (
  pack: PolicyPack,
  rule: CategoryRule,
  year: number,
  label: string,
  parent: Provenance,
  path: string,
): ResolvedCategoryRule => memoized(pack, `rule|${path}|${label}|${year}`, () => resolveFresh(pack, rule, year, label, parent, path));

const resolveFresh = (pack: PolicyPack, rule: CategoryRule, year: number, label: string, parent: Provenance, path: string): ResolvedCategoryRule => {
  const threshold = resolveAmount(pack, rule.threshold, year, `${label} threshold`);
  const cap = resolveCap(pack, rule.annualCap, year, `${label} annual cap`);
  return {
    threshold: threshold.value,
    ratio: readRatio(rule.ratio, `${label} ratio`),
    ratioText: rule.ratio,
    cap: cap?.value ?? null,
    clause: clauseOf(rule, parent),
    path,
    notes: [threshold.derivation, cap?.derivation ?? null].filter((note): note is string => note !== null),
    steps: [threshold.step, cap?.step ?? null].filter((step): step is TraceStep => step !== null),
  };
};

/** Heze 易返贫: "个人自付住院合规医疗费用" — a rule limited to some kinds does not see the others. */
export const coversKind = (rule: CategoryRule, kind: ClaimKind): boolean => rule.kinds === undefined || rule.kinds.includes(kind);
