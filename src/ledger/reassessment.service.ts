import { decideBenefitYear, type BenefitYear, type BenefitYearCommand, type ClaimContext } from '../domain/benefit-year/benefit-year.decider';
import type { ClaimSettled } from '../domain/ledger.events';
import { personCategoriesOn } from '../domain/person/person.decider';
import type { IsoDate } from '../domain/vocabulary';
import { pagesOfAll } from '../event-store/paging';
import { contentHash } from './aggregate-store';
import { knownRegion, registeredPerson, type LedgerContext } from './ledger-context';
import type { AppendedEvent, CommandMetadata, ReassessInput, ReassessmentReport } from './ledger.types';
import { ReassessmentReportBuilder } from './reassessment-report';
import { benefitYearStream } from './stream-names';
import { benefitYearDecider } from '../domain/deciders';
import { assert } from '../shared/domain-error';

const CLAIM_SCAN_PAGE = 2000;
/**
 * Person-years reassessed at once: their appends share group commits (up to the queue's 512 appends
 * each, one fsync). A correction usually changes a few percent of the claims it replays, so waves of
 * 512 person-years made commits of a dozen appends, each paying the commit's fixed cost (in the
 * bench's Fumeng year, 3 commits took 19–24 ms, 1 took 13–22 ms). Bounded, to bound the states held in flight.
 */
const REASSESS_WAVE = 2048;

/** Told how many person-years of a reassessment are done, out of how many. */
export type ReassessProgress = (done: number, total: number) => void;

export interface PersonYearOutcome {
  readonly claims: number;
  readonly events: AppendedEvent[];
}

/**
 * Reassessment orchestration: replays person-years under the revisions and identities known now and
 * records exact deltas. The operator's Reassess command and every automatic reaction go through here.
 */
export class Reassessment {
  constructor(private readonly context: LedgerContext) {}

  /** A dry run computes the same report and appends nothing. */
  async reassess(input: ReassessInput, meta: CommandMetadata, progress?: ReassessProgress): Promise<ReassessmentReport> {
    await this.context.catalog.refresh();
    if ('region' in input.scope) await knownRegion(this.context, input.scope.region);
    const head = await this.context.store.headPosition();
    const personYears = 'personId' in input.scope ? [input.scope] : await this.personYearsInRegion(input.scope.region, input.scope.from, input.scope.to, head);
    const correctionId = input.correctionId ?? `correction-${contentHash({ scope: input.scope, reason: input.reason, head: head.toString() }).slice(0, 20)}`;
    const report = new ReassessmentReportBuilder(correctionId, input.dryRun === true);
    // A region is swept once: its person-years are read, not held (see `AggregateStore.sweeping`).
    const context = 'region' in input.scope ? { ...this.context, aggregates: this.context.aggregates.sweeping() } : this.context;
    progress?.(0, personYears.length);
    // Person-years are independent streams: a bounded wave of them lets their appends share group
    // commits; outcomes are added in scope order, so the report does not depend on timing.
    for (let start = 0; start < personYears.length; start += REASSESS_WAVE) {
      const wave = personYears.slice(start, start + REASSESS_WAVE);
      const outcomes = await Promise.all(
        wave.map((personYear) => this.reassessPersonYear(context, personYear.personId, personYear.year, correctionId, input.reason, input.dryRun === true, meta)),
      );
      for (const outcome of outcomes) report.add(outcome.claims, outcome.events);
      progress?.(start + wave.length, personYears.length);
    }
    return report.build();
  }

  /** Reassesses one person-year under `correctionId`; appending twice under the same id adds nothing. */
  personYear(personId: string, year: number, correctionId: string, reason: string, dryRun: boolean, meta: CommandMetadata): Promise<PersonYearOutcome> {
    return this.reassessPersonYear(this.context, personId, year, correctionId, reason, dryRun, meta);
  }

  private async reassessPersonYear(
    context: LedgerContext,
    personId: string,
    year: number,
    correctionId: string,
    reason: string,
    dryRun: boolean,
    meta: CommandMetadata,
  ): Promise<PersonYearOutcome> {
    const stream = benefitYearStream(personId, year);
    const commandOf = async (state: BenefitYear): Promise<BenefitYearCommand> => ({
      type: 'Reassess',
      data: { correctionId, reason, contexts: await contextsOf(context, personId, state) },
    });
    if (dryRun) {
      const { state } = await context.aggregates.load(stream, benefitYearDecider);
      const events = decideBenefitYear(await commandOf(state), state);
      return { claims: state.claims.length, events: events.map((event) => ({ ...event, streamName: stream, eventId: '', position: '' })) };
    }
    const handled = await context.aggregates.handle(stream, benefitYearDecider, commandOf, meta, `reassess:${correctionId}`, true);
    return { claims: handled.state.claims.length, events: [...handled.appended] };
  }

  /**
   * The person-years with a claim settled under the region in [from, to]: from the index when the
   * ledger has one and it has caught up with `head`, else by scanning every ClaimSettled of the log.
   */
  private async personYearsInRegion(region: string, from: IsoDate, to: IsoDate, head: bigint): Promise<ReadonlyArray<{ personId: string; year: number }>> {
    const indexed = await this.context.personYearIndex?.personYearsInRegion(region, from, to, head);
    return indexed ?? this.scanPersonYearsInRegion(region, from, to);
  }

  private async scanPersonYearsInRegion(region: string, from: IsoDate, to: IsoDate): Promise<Array<{ personId: string; year: number }>> {
    const found = new Map<string, { personId: string; year: number }>();
    const pages = pagesOfAll(this.context.store, { after: 0n, pageSize: CLAIM_SCAN_PAGE, filter: { eventTypes: ['ClaimSettled'] } });
    for await (const events of pages) {
      for (const event of events) {
        const data = event.data as ClaimSettled['data'];
        if (data.policy.region !== region || data.referenceDate < from || data.referenceDate > to) continue;
        found.set(`${data.personId}/${data.year}`, { personId: data.personId, year: data.year });
      }
    }
    return [...found.values()];
  }
}

/** What each recorded claim of the year is settled under now: the revision covering it and the categories held on its date. */
const contextsOf = async (context: LedgerContext, personId: string, year: BenefitYear): Promise<Record<string, ClaimContext>> => {
  const person = await registeredPerson(context, personId);
  const contexts: Record<string, ClaimContext> = {};
  for (const recorded of year.claims) {
    const found = context.catalog.forClaim(person.registration.region, recorded.claim);
    assert(found !== null, `claim ${recorded.claim.claimId} was settled but no revision covers it any more`);
    contexts[recorded.claim.claimId] = { policy: found.policy, heldCategories: personCategoriesOn(person, recorded.referenceDate) };
  }
  return contexts;
};
