/**
 * The shapes the console reads from the public HTTP API. They mirror the service's read models
 * (src/projections/*, src/api/ledger/person-view.ts) but are declared here, not imported: the console
 * is a client of the published API and must keep working from the wire format alone. Fields the
 * console does not use are left out.
 *
 * This file holds the vocabulary every answer shares (categories, tiers, amounts, the policy and
 * the recorded stamp, a person-year's accumulators) and the error body; the answers themselves are
 * declared by subject: person-types.ts (a person, identities, subsidies, alerts), usage-types.ts (a
 * person-year's usage), claim-types.ts (a claim, its settlement, reassessments and explanation) and
 * report-types.ts (fund flows, a reassessment's report, a policy simulation).
 */

export type Category =
  | 'DESTITUTE'
  | 'ORPHAN'
  | 'SUBSISTENCE'
  | 'RETURNED_TO_POVERTY'
  | 'MARGINAL'
  | 'UNSTABLE'
  | 'EDGE'
  | 'SUDDEN_HARDSHIP'
  | 'ILLNESS_IMPOVERISHED'
  | 'STABLE_OUT_OF_POVERTY';

export const TIERS = ['basic', 'critical', 'assistance', 'reassistance'] as const;
export type Tier = (typeof TIERS)[number];

/** Yuan with two decimals, as the ledger writes them ("937.80"). */
export type Amount = string;

export type Payouts = Readonly<Record<Tier, Amount>>;

export interface PolicyRef {
  readonly region: string;
  readonly revision: string;
  readonly hash: string;
}

export interface RecordedStamp {
  readonly position: string;
  readonly recordedAt: string;
  readonly eventId: string;
}

export interface Accumulators {
  readonly criticalBase: Amount;
  readonly assistanceBase: Amount;
  readonly reassistanceBase: Amount;
  readonly paid: Payouts;
  readonly burdenTotal: Amount;
  readonly burdenPolicyScope: Amount;
  readonly claimCount: number;
  readonly [other: string]: unknown;
}

/** The service's error body (ErrorResponse). */
export interface ErrorBody {
  readonly statusCode: number;
  readonly error?: string;
  readonly code?: string;
  readonly message: string | readonly string[];
}
