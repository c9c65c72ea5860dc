import type { Amount, Tier } from '../api/types';
import type { CapText, ClaimUsage, TierUsage, UsageView } from '../api/usage-types';
import { fromFen, toFen, toNumber } from './money';

/**
 * The usage chart of a person-year: for each tier, cumulative paid over the year as a step function
 * of the claims' reference dates, the cap as a horizontal line, and, for tiers with a threshold, the
 * cumulative base clipped at the threshold (how much of the threshold the year has consumed).
 *
 * Accumulators advance in recorded order (domain contract §2), so a claim's base increment is the
 * difference of its accumulators and those of the claim recorded before it; the chart then places
 * each increment at the claim's reference date.
 */

export interface StepPoint {
  /** Day of the year, 0 = 1 January. */
  readonly day: number;
  readonly value: number;
}

/** A step whose value may be missing (no cap: the line breaks there). */
export interface GapPoint {
  readonly day: number;
  readonly value: number | null;
}

export interface TierSeries {
  readonly tier: Tier;
  readonly paid: readonly StepPoint[];
  readonly thresholdConsumed: readonly StepPoint[] | null;
  readonly threshold: number | null;
  /** null when the tier has no cap (unlimited) or the ledger does not state it. */
  readonly cap: number | null;
  /**
   * The cap as each claim applied it, when it changed during the year (a mid-year change of category
   * brings another cap: 低保 70000, then 返贫 10000); null when one cap held all year.
   */
  readonly capSteps: readonly GapPoint[] | null;
  readonly capUnlimited: boolean;
  readonly daysInYear: number;
}

const BASE_FIELD: Readonly<Record<Tier, 'criticalBase' | 'assistanceBase' | 'reassistanceBase' | null>> = {
  basic: null,
  critical: 'criticalBase',
  assistance: 'assistanceBase',
  reassistance: 'reassistanceBase',
};

const DAY_MS = 86_400_000;

export const dayOfYear = (date: string, year: number): number => {
  const day = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.UTC(year, 0, 1)) / DAY_MS);
  return Math.min(daysIn(year) - 1, Math.max(0, day));
};

export const daysIn = (year: number): number => (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / DAY_MS;

/** Base increments per claim, from consecutive accumulators in recorded order. */
export const baseIncrements = (claims: readonly ClaimUsage[], tier: Tier): Map<string, bigint> => {
  const field = BASE_FIELD[tier];
  const increments = new Map<string, bigint>();
  if (field === null) return increments;
  let before = 0n;
  for (const claim of [...claims].sort((left, right) => left.sequence - right.sequence)) {
    const after = toFen(claim.accumulatorsAfter[field]);
    increments.set(claim.claimId, after - before);
    before = after;
  }
  return increments;
};

/** A step function: starts at 0 on 1 January, one point per date where the total changes, held to 31 December. */
const steps = (changes: ReadonlyArray<{ readonly day: number; readonly fen: bigint }>, daysInYear: number, clipAt: bigint | null): StepPoint[] => {
  const byDay = new Map<number, bigint>();
  for (const change of changes) byDay.set(change.day, (byDay.get(change.day) ?? 0n) + change.fen);
  const points: StepPoint[] = [{ day: 0, value: 0 }];
  let total = 0n;
  for (const day of [...byDay.keys()].sort((left, right) => left - right)) {
    total += byDay.get(day) ?? 0n;
    const shown = clipAt !== null && total > clipAt ? clipAt : total;
    points.push({ day, value: toNumber(fromFen(shown)) });
  }
  points.push({ day: daysInYear - 1, value: points[points.length - 1]?.value ?? 0 });
  return points;
};

const capOf = (usage: TierUsage): { cap: number | null; unlimited: boolean } =>
  usage.cap === 'unlimited' ? { cap: null, unlimited: true } : usage.cap === null ? { cap: null, unlimited: false } : { cap: toNumber(usage.cap), unlimited: false };

export const tierSeries = (usage: UsageView, tier: Tier): TierSeries => {
  const daysInYear = daysIn(usage.year);
  const tierUsage = usage.tiers[tier];
  const paid = steps(
    usage.claims.map((claim) => ({ day: dayOfYear(claim.referenceDate, usage.year), fen: toFen(claim.payouts[tier]) })),
    daysInYear,
    null,
  );
  const increments = baseIncrements(usage.claims, tier);
  const threshold = tierUsage.threshold === null ? null : toFen(tierUsage.threshold);
  const thresholdConsumed =
    BASE_FIELD[tier] === null || threshold === null
      ? null
      : steps(
          usage.claims.map((claim) => ({ day: dayOfYear(claim.referenceDate, usage.year), fen: increments.get(claim.claimId) ?? 0n })),
          daysInYear,
          threshold,
        );
  const { cap, unlimited } = capOf(tierUsage);
  return {
    tier,
    paid,
    thresholdConsumed,
    threshold: threshold === null ? null : toNumber(fromFen(threshold)),
    cap,
    capUnlimited: unlimited,
    capSteps: capSteps(usage, tier, daysInYear),
    daysInYear,
  };
};

/** Caps claim by claim, by reference date; null when every claim states the same cap (or none states one). */
export const capSteps = (usage: UsageView, tier: Tier, daysInYear: number): GapPoint[] | null => {
  const stated = [...usage.claims]
    .filter((claim) => claim.figures?.[tier] !== undefined && claim.figures[tier].cap !== null)
    .sort((left, right) => left.referenceDate.localeCompare(right.referenceDate) || left.sequence - right.sequence)
    .map((claim) => ({ day: dayOfYear(claim.referenceDate, usage.year), cap: claim.figures![tier].cap }));
  if (new Set(stated.map((entry) => entry.cap)).size < 2) return null;
  const valueOf = (cap: CapText): number | null => (cap === null || cap === 'unlimited' ? null : toNumber(cap));
  const points: GapPoint[] = [{ day: 0, value: valueOf(stated[0]?.cap ?? null) }];
  for (const entry of stated) points.push({ day: entry.day, value: valueOf(entry.cap) });
  points.push({ day: daysInYear - 1, value: points[points.length - 1]?.value ?? null });
  return points;
};

/** Remaining amount of a tier as the ledger states it; recomputed only where the ledger gives a cap but no remainder. */
export const remainingOf = (usage: TierUsage): Amount | 'unlimited' | null => {
  if (usage.remaining !== null) return usage.remaining;
  if (usage.cap === null || usage.cap === 'unlimited') return usage.cap;
  const left = toFen(usage.cap) - toFen(usage.paid);
  return fromFen(left > 0n ? left : 0n);
};
