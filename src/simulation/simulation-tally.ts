import { formatYuan, parseYuan, sumYuan, ZERO, type Yuan } from '../domain/money';
import type { Payouts } from '../domain/policy/settlement.types';
import { CATEGORIES, TIERS, type Category, type Tier } from '../domain/vocabulary';
import type { CategoryComparison, Comparison, MonthComparison, PersonChange, TierAmounts } from './simulation.types';

/** How many of the largest per-person changes a report lists; the totals always cover everyone. */
export const LARGEST_CHANGES_MAX = 20;

/** One recorded claim, as paid now and as the draft would pay it. */
export interface ClaimOutcome {
  readonly personId: string;
  /** `YYYY-MM` of the claim's reference date. */
  readonly month: string;
  readonly actual: { readonly category: Category | null; readonly payouts: Payouts };
  readonly draft: { readonly category: Category | null; readonly payouts: Payouts };
}

type Sums = Record<Tier, Yuan>;

const zeroSums = (): Sums => ({ basic: ZERO, critical: ZERO, assistance: ZERO, reassistance: ZERO });

const addPayouts = (sums: Sums, payouts: Payouts): void => {
  for (const tier of TIERS) sums[tier] = sums[tier].plus(parseYuan(payouts[tier]));
};

const totalOf = (sums: Sums): Yuan => sumYuan(TIERS.map((tier) => sums[tier]));

const amounts = (sums: Sums): TierAmounts => ({
  basic: formatYuan(sums.basic),
  critical: formatYuan(sums.critical),
  assistance: formatYuan(sums.assistance),
  reassistance: formatYuan(sums.reassistance),
  total: formatYuan(totalOf(sums)),
});

const difference = (draft: Sums, actual: Sums): Sums => ({
  basic: draft.basic.minus(actual.basic),
  critical: draft.critical.minus(actual.critical),
  assistance: draft.assistance.minus(actual.assistance),
  reassistance: draft.reassistance.minus(actual.reassistance),
});

const compare = (actual: Sums, draft: Sums): Comparison => ({ actual: amounts(actual), draft: amounts(draft), difference: amounts(difference(draft, actual)) });

const samePayouts = (left: Payouts, right: Payouts): boolean => TIERS.every((tier) => parseYuan(left[tier]).equals(parseYuan(right[tier])));

interface Bucket {
  readonly actual: Sums;
  readonly draft: Sums;
  claimsActual: number;
  claimsDraft: number;
}

const emptyBucket = (): Bucket => ({ actual: zeroSums(), draft: zeroSums(), claimsActual: 0, claimsDraft: 0 });

const bucketOf = <K>(buckets: Map<K, Bucket>, key: K): Bucket => {
  const found = buckets.get(key);
  if (found) return found;
  const created = emptyBucket();
  buckets.set(key, created);
  return created;
};

/**
 * Adds up a simulation claim by claim: totals per tier, per category and per month, actual against the
 * draft, and who changes. Every sum is exact (decimal.js); nothing is rounded, because every input is
 * already a settled amount in whole fen.
 */
export class SimulationTally {
  private readonly totals = emptyBucket();
  private readonly byCategory = new Map<Category | null, Bucket>();
  private readonly byMonth = new Map<string, Bucket>();
  private readonly byPerson = new Map<string, { actual: Yuan; draft: Yuan }>();
  private changedClaims = 0;

  add(outcome: ClaimOutcome): void {
    addPayouts(this.totals.actual, outcome.actual.payouts);
    addPayouts(this.totals.draft, outcome.draft.payouts);
    this.totals.claimsActual += 1;
    const actualCategory = bucketOf(this.byCategory, outcome.actual.category);
    addPayouts(actualCategory.actual, outcome.actual.payouts);
    actualCategory.claimsActual += 1;
    const draftCategory = bucketOf(this.byCategory, outcome.draft.category);
    addPayouts(draftCategory.draft, outcome.draft.payouts);
    draftCategory.claimsDraft += 1;
    const month = bucketOf(this.byMonth, outcome.month);
    addPayouts(month.actual, outcome.actual.payouts);
    addPayouts(month.draft, outcome.draft.payouts);
    month.claimsActual += 1;
    const person = this.byPerson.get(outcome.personId) ?? { actual: ZERO, draft: ZERO };
    person.actual = person.actual.plus(sumYuan(TIERS.map((tier) => parseYuan(outcome.actual.payouts[tier]))));
    person.draft = person.draft.plus(sumYuan(TIERS.map((tier) => parseYuan(outcome.draft.payouts[tier]))));
    this.byPerson.set(outcome.personId, person);
    if (!samePayouts(outcome.actual.payouts, outcome.draft.payouts)) this.changedClaims += 1;
  }

  get claims(): number {
    return this.totals.claimsActual;
  }

  totalsComparison(): Comparison {
    return compare(this.totals.actual, this.totals.draft);
  }

  /** Categories in the order of the domain's table (§1), claims under none last. */
  categoryComparisons(): CategoryComparison[] {
    const order = [...CATEGORIES, null];
    return order
      .filter((category) => this.byCategory.has(category))
      .map((category) => {
        const bucket = this.byCategory.get(category)!;
        return { category, claims: { actual: bucket.claimsActual, draft: bucket.claimsDraft }, ...compare(bucket.actual, bucket.draft) };
      });
  }

  monthComparisons(): MonthComparison[] {
    return [...this.byMonth.keys()].sort().map((month) => {
      const bucket = this.byMonth.get(month)!;
      return { month, claims: bucket.claimsActual, ...compare(bucket.actual, bucket.draft) };
    });
  }

  changed(): { persons: number; claims: number } {
    const persons = [...this.byPerson.values()].filter((person) => !person.actual.equals(person.draft)).length;
    return { persons, claims: this.changedClaims };
  }

  /** The persons whose total changes most, largest absolute difference first, ties by person id. */
  largestChanges(): PersonChange[] {
    return [...this.byPerson.entries()]
      .map(([personId, person]) => ({ personId, actual: person.actual, draft: person.draft, difference: person.draft.minus(person.actual) }))
      .filter((person) => !person.difference.isZero())
      .sort((left, right) => right.difference.abs().comparedTo(left.difference.abs()) || left.personId.localeCompare(right.personId))
      .slice(0, LARGEST_CHANGES_MAX)
      .map((person) => ({ personId: person.personId, actual: formatYuan(person.actual), draft: formatYuan(person.draft), difference: formatYuan(person.difference) }));
  }
}
