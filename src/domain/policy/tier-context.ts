import type { Yuan } from '../money';
import type { Tally } from './accumulators';
import type { ClaimFacts } from './claim-facts';
import type { PolicyPack } from './policy-pack';

/**
 * What the category-dependent tiers (critical, assistance, re-assistance) share for one claim: every
 * category is evaluated against the same facts, the same accumulators and the same basic payout.
 */
export interface TierContext {
  readonly facts: ClaimFacts;
  readonly pack: PolicyPack;
  readonly before: Tally;
  readonly basic: Yuan;
  /** Why the referral rule refuses assistance and re-assistance for this claim, or null when it does not. */
  readonly referralRefusal: string | null;
}

/** Fumeng §二(五)2: 未按规定转诊的救助对象，所发生的医疗费用原则上不纳入医疗救助范围. */
export const referralRefusalOf = (facts: ClaimFacts, pack: PolicyPack): string | null => {
  const { claim } = facts;
  if (!pack.assistance.referral.required || claim.location === 'IN_COUNTY') return null;
  if (claim.referred || claim.relocationFiled) return null;
  return (
    `The claim was treated outside the county (${claim.location}) with neither a referral (规范转诊) nor a filed relocation ` +
    `(异地安置备案), so the referral rule pays no assistance or re-assistance on it.`
  );
};
