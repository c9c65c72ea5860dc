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
  /** The referral rule refuses assistance and re-assistance for this claim (the location is outside the county). */
  readonly referralRefusal: boolean;
}

/** Fumeng §二(五)2: 未按规定转诊的救助对象，所发生的医疗费用原则上不纳入医疗救助范围. */
export const referralRefusalOf = (facts: ClaimFacts, pack: PolicyPack): boolean => {
  const { claim } = facts;
  if (!pack.assistance.referral.required || claim.location === 'IN_COUNTY') return false;
  return !claim.referred && !claim.relocationFiled;
};
