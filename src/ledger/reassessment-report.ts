import type { ClaimReassessed } from '../domain/ledger.events';
import { formatYuan, parseYuan, sumYuan, ZERO, type Yuan } from '../domain/money';
import { TIERS, type Tier } from '../domain/vocabulary';
import type { AppendedEvent, ReassessmentChange, ReassessmentReport } from './ledger.types';

/** How many of the largest changes a report lists; the totals always cover every change. */
const LARGEST_CHANGES = 20;

/** Accumulates the impact of a reassessment run, person-year by person-year. */
export class ReassessmentReportBuilder {
  private personYears = 0;
  private personYearsAffected = 0;
  private claims = 0;
  private readonly totals = new Map<Tier, Yuan>(TIERS.map((tier) => [tier, ZERO]));
  private readonly changes: ReassessmentChange[] = [];
  private readonly events: AppendedEvent[] = [];

  constructor(
    private readonly correctionId: string,
    private readonly dryRun: boolean,
  ) {}

  add(claims: number, events: readonly AppendedEvent[]): void {
    this.personYears += 1;
    this.claims += claims;
    const reassessed = events.filter((event) => event.type === 'ClaimReassessed');
    if (reassessed.length > 0) this.personYearsAffected += 1;
    for (const event of reassessed) this.addChange(event.data as ClaimReassessed['data']);
    this.events.push(...events);
  }

  build(): ReassessmentReport {
    const delta = Object.fromEntries(TIERS.map((tier) => [tier, formatYuan(this.totals.get(tier) ?? ZERO)])) as Record<Tier, string>;
    const total = formatYuan(sumYuan([...this.totals.values()]));
    const largest = [...this.changes].sort((left, right) => parseYuan(right.totalDelta).abs().comparedTo(parseYuan(left.totalDelta).abs())).slice(0, LARGEST_CHANGES);
    return {
      correctionId: this.correctionId,
      dryRun: this.dryRun,
      personYears: this.personYears,
      personYearsAffected: this.personYearsAffected,
      claims: this.claims,
      claimsAffected: this.changes.length,
      delta: { ...delta, total },
      largestChanges: largest,
      events: this.events,
    };
  }

  private addChange(data: ClaimReassessed['data']): void {
    for (const tier of TIERS) this.totals.set(tier, (this.totals.get(tier) ?? ZERO).plus(parseYuan(data.delta[tier])));
    const totalDelta = formatYuan(sumYuan(TIERS.map((tier) => parseYuan(data.delta[tier]))));
    this.changes.push({ claimId: data.claimId, personId: data.personId, year: data.year, delta: data.delta, totalDelta });
  }
}
