import { assert, assertNever, conflict, unprocessable } from '../domain-error';
import type { ClaimReassessed, ClaimSettled, HighCostAlertRaised, HighCostAlertWithdrawn } from '../ledger.events';
import { formatYuan, parseYuan, sumYuan } from '../money';
import type { AlertChange } from '../policy/policy-functions';
import type { PolicyRef, PublishedPack } from '../policy/policy-pack';
import { paidMatches, readAccumulators, tallyMatches, writeAccumulators, type Tally } from '../policy/accumulators';
import { emptyAccumulators, settle, settledAmounts, settleFrom, type SettledAmounts } from '../policy/settlement';
import type { Accumulators, Claim, Payouts, Settlement } from '../policy/settlement.types';
import { TIERS, type Category, type IsoDate, type Scheme } from '../vocabulary';
import { AlertReplay, alertChanges, type Burden, type EvaluatedClaim } from './year-alerts';

/**
 * The benefit-year decider (stream `benefit-year-<personId>-<year>`). A person-year is the consistency
 * boundary of the ledger: thresholds and caps accumulate per person per year, so every claim of the
 * year is decided against the accumulators of this one stream, appended with optimistic concurrency.
 * Claims advance the accumulators in the order they are recorded (domain contract §2), and every
 * reassessment replays them in that same order.
 */

export type BenefitYearEvent = ClaimSettled | ClaimReassessed | HighCostAlertRaised | HighCostAlertWithdrawn;

/** What a claim is settled under: the revision in force and the categories held on its reference date. */
export interface ClaimContext {
  readonly policy: PublishedPack;
  readonly heldCategories: readonly Category[];
}

export interface RecordedClaim {
  readonly claim: Claim;
  readonly claimHash: string;
  readonly sequence: number;
  readonly referenceDate: IsoDate;
  readonly heldCategories: readonly Category[];
  readonly appliedCategory: Category | null;
  readonly policy: PolicyRef;
  readonly policyScope: string;
  readonly payouts: Payouts;
  readonly outOfPocket: string;
  readonly accumulatorsAfter: Accumulators;
}

export interface BenefitYear {
  readonly claims: readonly RecordedClaim[];
  readonly accumulators: Accumulators;
  /** Raised alerts by rule id. */
  readonly openAlerts: ReadonlyMap<string, AlertChange>;
}

export type SubmitClaim = Readonly<{
  type: 'SubmitClaim';
  data: {
    claim: Claim;
    /** SHA-256 of the canonical submitted claim: equal hashes mean the same claim resubmitted. */
    claimHash: string;
    context: ClaimContext;
    /** The person's enrollment for the benefit year, or null when not enrolled. */
    enrollment: { scheme: Scheme } | null;
  };
}>;

export type Reassess = Readonly<{
  type: 'Reassess';
  data: {
    correctionId: string;
    reason: string;
    /** The context of every recorded claim of the year, as the ledger knows it now. */
    contexts: Readonly<Record<string, ClaimContext>>;
  };
}>;

export type BenefitYearCommand = SubmitClaim | Reassess;

export const initialBenefitYear = (): BenefitYear => ({ claims: [], accumulators: emptyAccumulators(), openAlerts: new Map() });

export const decideBenefitYear = (command: BenefitYearCommand, year: BenefitYear): BenefitYearEvent[] => {
  switch (command.type) {
    case 'SubmitClaim':
      return submitClaim(command, year);
    case 'Reassess':
      return reassess(command, year);
    default:
      return assertNever(command);
  }
};

const submitClaim = ({ data }: SubmitClaim, year: BenefitYear): BenefitYearEvent[] => {
  const recorded = year.claims.find((candidate) => candidate.claim.claimId === data.claim.claimId);
  if (recorded) {
    if (recorded.claimHash === data.claimHash) return [];
    return conflict('CLAIM_ID_REUSED', `claimId: claim ${data.claim.claimId} was already settled with different content`);
  }
  if (!data.enrollment) {
    return unprocessable('NOT_ENROLLED', `person ${data.claim.personId} is not enrolled for the benefit year of claim ${data.claim.claimId}`);
  }
  const settlement = settle({ claim: data.claim, policy: data.context.policy, heldCategories: data.context.heldCategories, accumulators: year.accumulators });
  const settled = claimSettled(data.claim, data.claimHash, year.claims.length + 1, settlement);
  const alerts = alertChanges(new Set(year.openAlerts.keys()), { ...data.context, claim: data.claim, year: settlement.year }, settlement.accumulators.after);
  return [settled, ...alerts];
};

const claimSettled = (claim: Claim, claimHash: string, sequence: number, settlement: Settlement): ClaimSettled => ({
  type: 'ClaimSettled',
  data: {
    claimId: claim.claimId,
    personId: claim.personId,
    year: settlement.year,
    sequence,
    referenceDate: settlement.referenceDate,
    heldCategories: [...settlement.heldCategories],
    appliedCategory: settlement.appliedCategory,
    policy: settlement.policy,
    claim,
    policyScope: settlement.policyScope,
    payouts: settlement.payouts,
    outOfPocket: settlement.outOfPocket,
    accumulators: settlement.accumulators,
    claimHash,
    trace: [...settlement.trace],
  },
});

/**
 * Replays every claim of the year from empty accumulators under the contexts known now, and records a
 * `ClaimReassessed` for each claim whose amounts, applied category or accumulators changed. A claim
 * whose payouts stay equal while its accumulators move (an earlier claim consumed more of a threshold)
 * is recorded too, with a zero delta, so the stream's accumulators always equal a fresh replay.
 * Early warning is evaluated along the replay as a fresh settlement would be, each claim under its own
 * population and revision, and the alerts open afterwards are those it leaves open (year-alerts.ts).
 * This runs even when no amount changed, because a correction may move a threshold or a population only.
 */
const reassess = ({ data }: Reassess, year: BenefitYear): BenefitYearEvent[] => {
  // The tally travels from claim to claim as decimals; accumulators are written only for a claim that changed.
  let tally = readAccumulators(emptyAccumulators());
  let last: EvaluatedClaim | null = null;
  const events: BenefitYearEvent[] = [];
  const alerts = new AlertReplay();
  for (const recorded of year.claims) {
    const context = data.contexts[recorded.claim.claimId];
    assert(context !== undefined, () => `no reassessment context for claim ${recorded.claim.claimId}`);
    const claim = { claim: recorded.claim, policy: context.policy, heldCategories: context.heldCategories };
    const settled = settledAmounts(claim, tally);
    // Only a claim that changes is recorded, so only its settlement (and trace) is written.
    if (changed(recorded, settled)) events.push(claimReassessed(data, recorded, settleFrom({ ...claim, accumulators: writeAccumulators(tally) }, tally).settlement));
    tally = settled.after;
    last = { ...claim, year: settled.year };
    const after = tally;
    alerts.add(last, () => burdenOf(after));
  }
  if (!last) return events;
  return [...events, ...alerts.changesFrom(year.openAlerts, last, burdenOf(tally))];
};

const burdenOf = (tally: Tally): Burden => ({ burdenTotal: formatYuan(tally.burdenTotal), burdenPolicyScope: formatYuan(tally.burdenPolicyScope) });

const changed = (recorded: RecordedClaim, settled: SettledAmounts): boolean =>
  !paidMatches(settled.payouts, recorded.payouts) ||
  recorded.appliedCategory !== settled.appliedCategory ||
  !tallyMatches(settled.after, recorded.accumulatorsAfter);

const claimReassessed = (command: Reassess['data'], recorded: RecordedClaim, settlement: Settlement): ClaimReassessed => {
  const delta = payoutDelta(recorded.payouts, settlement.payouts);
  const totalDelta = sumYuan(TIERS.map((tier) => parseYuan(delta[tier])));
  const pack = command.contexts[recorded.claim.claimId].policy.pack;
  return {
    type: 'ClaimReassessed',
    data: {
      claimId: recorded.claim.claimId,
      personId: recorded.claim.personId,
      year: settlement.year,
      sequence: recorded.sequence,
      correctionId: command.correctionId,
      reason: command.reason,
      previous: { payouts: recorded.payouts, outOfPocket: recorded.outOfPocket },
      next: { payouts: settlement.payouts, outOfPocket: settlement.outOfPocket },
      delta,
      // A negative total is an overpayment: recorded, never edited away; the pack decides whether it is due.
      recoveryDue: totalDelta.isNegative() && pack.recoverOverpayment,
      appliedCategory: settlement.appliedCategory,
      heldCategories: [...settlement.heldCategories],
      policy: settlement.policy,
      policyScope: settlement.policyScope,
      accumulators: settlement.accumulators,
      trace: [...settlement.trace],
    },
  };
};

export const payoutDelta = (previous: Payouts, next: Payouts): Payouts => ({
  basic: formatYuan(parseYuan(next.basic).minus(parseYuan(previous.basic))),
  critical: formatYuan(parseYuan(next.critical).minus(parseYuan(previous.critical))),
  assistance: formatYuan(parseYuan(next.assistance).minus(parseYuan(previous.assistance))),
  reassistance: formatYuan(parseYuan(next.reassistance).minus(parseYuan(previous.reassistance))),
});

export const evolveBenefitYear = (year: BenefitYear, event: BenefitYearEvent): BenefitYear => {
  switch (event.type) {
    case 'ClaimSettled':
      return withSettledClaim(year, event);
    case 'ClaimReassessed':
      return withReassessedClaim(year, event);
    case 'HighCostAlertRaised': {
      const openAlerts = new Map(year.openAlerts);
      openAlerts.set(event.data.rule, { rule: event.data.rule, ruleName: event.data.ruleName, threshold: event.data.threshold, burden: event.data.burden });
      return { ...year, openAlerts };
    }
    case 'HighCostAlertWithdrawn': {
      const openAlerts = new Map(year.openAlerts);
      openAlerts.delete(event.data.rule);
      return { ...year, openAlerts };
    }
    default:
      return assertNever(event);
  }
};

const withSettledClaim = (year: BenefitYear, { data }: ClaimSettled): BenefitYear => {
  // Paired with decide: sequences are contiguous and each claim starts from the year's accumulators.
  assert(data.sequence === year.claims.length + 1, () => `claim ${data.claimId} has sequence ${data.sequence}, expected ${year.claims.length + 1}`);
  const recorded: RecordedClaim = {
    claim: data.claim,
    claimHash: data.claimHash,
    sequence: data.sequence,
    referenceDate: data.referenceDate,
    heldCategories: data.heldCategories,
    appliedCategory: data.appliedCategory,
    policy: data.policy,
    policyScope: data.policyScope,
    payouts: data.payouts,
    outOfPocket: data.outOfPocket,
    accumulatorsAfter: data.accumulators.after,
  };
  return { ...year, claims: [...year.claims, recorded], accumulators: data.accumulators.after };
};

const withReassessedClaim = (year: BenefitYear, { data }: ClaimReassessed): BenefitYear => {
  const index = year.claims.findIndex((candidate) => candidate.claim.claimId === data.claimId);
  assert(index >= 0, () => `ClaimReassessed for unknown claim ${data.claimId}`);
  const claims = year.claims.slice();
  claims[index] = {
    ...claims[index],
    heldCategories: data.heldCategories,
    appliedCategory: data.appliedCategory,
    policy: data.policy,
    policyScope: data.policyScope,
    payouts: data.next.payouts,
    outOfPocket: data.next.outOfPocket,
    accumulatorsAfter: data.accumulators.after,
  };
  // The last claim always carries the year's accumulators: a replay that moves any accumulator moves
  // the last claim's too, so it is then reassessed as well (see `changed`).
  return { ...year, claims, accumulators: claims[claims.length - 1].accumulatorsAfter };
};
