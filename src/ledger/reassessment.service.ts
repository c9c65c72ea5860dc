import type { BenefitYear, BenefitYearCommand } from '../domain/benefit-year/benefit-year.decider';
import type { ClaimSettled } from '../domain/ledger.events';
import type { IsoDate } from '../domain/vocabulary';
import { pagesOfAll } from '../event-store/paging';
import { pagesInTurns, startInTurns } from '../shared/loop-turns';
import { contentHash } from './aggregate-store';
import { knownRegion, type LedgerContext } from './ledger-context';
import type { AppendedEvent, CommandMetadata, ReassessInput, ReassessmentReport } from './ledger.types';
import { decideReassessment, reassessCommandOf, type DecidedPersonYear } from './reassessment-decision';
import { ReassessmentReportBuilder } from './reassessment-report';
import type { PersonYearRef } from './reassessment-thread.messages';
import type { DecidingRun } from './reassessment-threads';
import { benefitYearStream } from './stream-names';
import { benefitYearDecider } from '../domain/deciders';

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

/** What every person-year of one reassessment is reassessed with. */
interface Run {
  readonly context: LedgerContext;
  readonly correctionId: string;
  readonly reason: string;
  readonly dryRun: boolean;
  readonly meta: CommandMetadata;
}

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
    // A region is swept once: its person-years are read, not held (see `AggregateStore.sweeping`), and
    // decided on threads when it is large enough for them (reassessment-threads.ts).
    const region = 'region' in input.scope;
    const context = region ? { ...this.context, aggregates: this.context.aggregates.sweeping() } : this.context;
    const run: Run = { context, correctionId, reason: input.reason, dryRun: input.dryRun === true, meta };
    const threads = region ? (this.context.reassessmentThreads?.open(personYears.length, this.context.catalog.revisions(), { correctionId, reason: input.reason }) ?? null) : null;
    try {
      await this.reassessInWaves(run, personYears, threads, report, progress);
    } finally {
      threads?.end();
    }
    return report.build();
  }

  /**
   * Person-years are independent streams: a bounded wave of them lets their appends share group
   * commits; outcomes are added in scope order, so the report does not depend on timing. The threads,
   * when there are some, decide the next wave while this one is appended.
   */
  private async reassessInWaves(run: Run, personYears: readonly PersonYearRef[], threads: DecidingRun | null, report: ReassessmentReportBuilder, progress?: ReassessProgress): Promise<void> {
    const waveAt = (start: number): readonly PersonYearRef[] => personYears.slice(start, start + REASSESS_WAVE);
    progress?.(0, personYears.length);
    let decided = threads?.decide(waveAt(0)) ?? null;
    for (let start = 0; start < personYears.length; start += REASSESS_WAVE) {
      const ready = await decided;
      decided = threads && start + REASSESS_WAVE < personYears.length ? threads.decide(waveAt(start + REASSESS_WAVE)) : null;
      const outcomes = await this.reassessWave(run, waveAt(start), ready);
      for (const outcome of outcomes) report.add(outcome.claims, outcome.events);
      progress?.(start + outcomes.length, personYears.length);
    }
  }

  /**
   * One wave. What the threads decided (when they did) is reported as it is on a dry run; on a real
   * run a person-year they found unchanged is left as it is, as deciding it here would leave it, and
   * one they found changed is decided again here, under its lock and against what the stream holds
   * now, before anything is appended (a few percent of a correction's person-years, all of them for a
   * broad one). What is decided here is started a few per turn of the event loop (`startInTurns`), so
   * requests beside the reassessment are answered while it runs.
   */
  private async reassessWave(run: Run, wave: readonly PersonYearRef[], decided: readonly DecidedPersonYear[] | null): Promise<PersonYearOutcome[]> {
    const outcomes: Array<PersonYearOutcome | undefined> = wave.map((personYear, index) => {
      const found = decided?.[index];
      if (found && run.dryRun) return dryRunOutcome(benefitYearStream(personYear.personId, personYear.year), found);
      if (found && found.events.length === 0) return { claims: found.claims, events: [] };
      return undefined;
    });
    const here = wave.map((personYear, index) => ({ personYear, index })).filter(({ index }) => outcomes[index] === undefined);
    const decidedHere = await startInTurns(here, ({ personYear }) => this.reassessPersonYear(run, personYear.personId, personYear.year));
    here.forEach(({ index }, position) => (outcomes[index] = decidedHere[position]));
    return outcomes as PersonYearOutcome[];
  }

  /** Reassesses one person-year under `correctionId`; appending twice under the same id adds nothing. */
  personYear(personId: string, year: number, correctionId: string, reason: string, dryRun: boolean, meta: CommandMetadata): Promise<PersonYearOutcome> {
    return this.reassessPersonYear({ context: this.context, correctionId, reason, dryRun, meta }, personId, year);
  }

  private async reassessPersonYear({ context, correctionId, reason, dryRun, meta }: Run, personId: string, year: number): Promise<PersonYearOutcome> {
    const stream = benefitYearStream(personId, year);
    if (dryRun) return dryRunOutcome(stream, await decideReassessment(context, personId, year, correctionId, reason));
    const commandOf = (state: BenefitYear): Promise<BenefitYearCommand> => reassessCommandOf(context, personId, state, correctionId, reason);
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
    for await (const events of pagesInTurns(pages)) {
      for (const event of events) {
        const data = event.data as ClaimSettled['data'];
        if (data.policy.region !== region || data.referenceDate < from || data.referenceDate > to) continue;
        found.set(`${data.personId}/${data.year}`, { personId: data.personId, year: data.year });
      }
    }
    return [...found.values()];
  }
}

/** A dry run's outcome: the events the person-year would record, named by stream but neither identified nor positioned. */
const dryRunOutcome = (stream: string, decided: DecidedPersonYear): PersonYearOutcome => ({
  claims: decided.claims,
  events: decided.events.map((event) => ({ ...event, streamName: stream, eventId: '', position: '' })),
});
