import type { HighCostAlertRaised, HighCostAlertWithdrawn } from '../ledger.events';
import { evaluateMonitoring } from '../policy/monitoring';
import type { AlertChange } from '../policy/policy-functions';
import type { PublishedPack } from '../policy/policy-pack';
import type { Accumulators, Claim } from '../policy/settlement.types';
import type { Category } from '../vocabulary';
import { formatYuan, parseYuan } from '../money';

/**
 * Early warning of a person-year (domain contract §5): what a settlement changes, and what a
 * reassessment must change so that the alerts open afterwards are those a fresh settlement of the
 * year's claims, in recorded order and under what is known now, would leave open.
 */

export type AlertEvent = HighCostAlertRaised | HighCostAlertWithdrawn;

/** What early warning reads of the person-year after a claim: the two burdens. */
export type Burden = Pick<Accumulators, 'burdenTotal' | 'burdenPolicyScope'>;

/** The claim whose settlement or replay is evaluated, with the revision and categories it is settled under. */
export interface EvaluatedClaim {
  readonly policy: PublishedPack;
  readonly heldCategories: readonly Category[];
  readonly claim: Claim;
  readonly year: number;
}

/** The alerts one settlement raises and withdraws, given the rules open before it. */
export const alertChanges = (openRules: ReadonlySet<string>, evaluated: EvaluatedClaim, burden: Burden): AlertEvent[] => {
  const decision = evaluateMonitoring({
    policy: evaluated.policy,
    scheme: evaluated.claim.scheme,
    heldCategories: evaluated.heldCategories,
    accumulators: burden,
    openAlerts: openRules,
  });
  const base = { personId: evaluated.claim.personId, year: evaluated.year, claimId: evaluated.claim.claimId };
  return [
    ...decision.withdraw.map((change): HighCostAlertWithdrawn => ({ type: 'HighCostAlertWithdrawn', data: { ...base, ...change } })),
    ...decision.raise.map((change): HighCostAlertRaised => ({ type: 'HighCostAlertRaised', data: { ...base, ...change } })),
  ];
};

/**
 * The alerts a fresh settlement of the year would leave open, folded claim by claim along a
 * reassessment's replay, each claim under its own population and revision. Comparing them with the
 * alerts open now gives the reassessment's alert events, so running it again appends nothing.
 */
export class AlertReplay {
  private readonly open = new Map<string, HighCostAlertRaised>();

  add(evaluated: EvaluatedClaim, burden: () => Burden): void {
    // Most packs monitor nothing: their claims need no burden written.
    if (!evaluated.policy.pack.monitoring) return;
    for (const change of alertChanges(new Set(this.open.keys()), evaluated, burden())) {
      if (change.type === 'HighCostAlertRaised') this.open.set(change.data.rule, change);
      else this.open.delete(change.data.rule);
    }
  }

  /**
   * Withdrawals of the alerts open now that the replay leaves closed (the burden no longer exceeds
   * the threshold, or the person is no longer in the rule's population), stated with the year's final
   * burden and last claim; then the raises the replay made that are not open now, each as it was made.
   */
  changesFrom(openNow: ReadonlyMap<string, AlertChange>, last: EvaluatedClaim, burden: Burden): AlertEvent[] {
    const rules = last.policy.pack.monitoring?.rules ?? [];
    const base = { personId: last.claim.personId, year: last.year, claimId: last.claim.claimId };
    const withdrawn = [...openNow.values()]
      .filter((alert) => !this.open.has(alert.rule))
      .map((alert): HighCostAlertWithdrawn => {
        const rule = rules.find((candidate) => candidate.id === alert.rule);
        const stated = rule ? { ruleName: rule.name, threshold: formatYuan(parseYuan(rule.threshold, `monitoring rule ${rule.id} threshold`)) } : { ruleName: alert.ruleName, threshold: alert.threshold };
        return { type: 'HighCostAlertWithdrawn', data: { ...base, rule: alert.rule, ...stated, burden: burdenFor(last, burden) } };
      });
    const raised = [...this.open.values()].filter((alert) => !openNow.has(alert.data.rule));
    return [...withdrawn, ...raised];
  }
}

/** The burden the last claim's pack monitors (total or policy scope; total where it monitors nothing). */
const burdenFor = (last: EvaluatedClaim, burden: Burden): string =>
  last.policy.pack.monitoring?.burden === 'policyScope' ? burden.burdenPolicyScope : burden.burdenTotal;
