import { setImmediate as nextTurn } from 'node:timers/promises';
import { decideBenefitYear, type BenefitYear, type ClaimContext } from '../domain/benefit-year/benefit-year.decider';
import { unprocessable } from '../domain/domain-error';
import { laterOf } from '../domain/iso-date';
import type { ClaimReassessed, HighCostAlertRaised, HighCostAlertWithdrawn } from '../domain/ledger.events';
import { formatYuan, parseYuan, ZERO, type Yuan } from '../domain/money';
import type { Person } from '../domain/person/person.decider';
import { decidePolicyRegistry, type PolicyRegistry } from '../domain/policy-registry/policy-registry.decider';
import { categoriesForRecordedClaim, oneTimeCategoriesAmong, personCategoriesOn } from '../domain/person/person-categories';
import type { PublishedPack } from '../domain/policy/policy-pack';
import { selectRevision } from '../domain/policy/revision-selection';
import { decideSubsidy } from '../domain/policy/subsidy';
import type { EventStore } from '../event-store/event-store.port';
import { claimRevision } from '../ledger/policy-catalog';
import { parsePack, validatePackObject } from '../policy-packs/load-pack';
import { shiftPackYears } from './draft-shift';
import type { PopulationIndex } from './population-index';
import { RecordedPopulation } from './recorded-population';
import { SimulationTally } from './simulation-tally';
import type { SimulationInput, SimulationProgress, SimulationReport } from './simulation.types';

/** Person-years replayed between two yields to the event loop and two progress reports: small enough that a wave of reads never holds requests for long. */
export const SIMULATION_WAVE_PERSON_YEARS = 64;
const CORRECTION_ID = 'simulation';

export interface SimulationOptions {
  readonly signal?: AbortSignal;
  readonly progress?: SimulationProgress;
}

/** The simulation was cancelled by its caller; nothing was appended, and nothing is reported. */
export class SimulationCancelled extends Error {
  constructor() {
    super('the simulation was cancelled');
    this.name = 'SimulationCancelled';
  }
}

/**
 * Policy impact simulation (测算): replays the recorded claims of a region's year under a draft pack, as
 * if it had been published as the newest revision, and compares what would be paid with what is paid.
 * It runs the same decider as a reassessment, against the same recorded claims, identities and order,
 * so publishing the draft and reassessing gives the same figures to the fen; it only never appends.
 */
export class PolicySimulator {
  constructor(
    private readonly store: EventStore,
    /** The revisions of a region published so far, in publication order. */
    private readonly published: (region: string) => readonly PublishedPack[],
    /** Who to replay, from the read models; without one (or when it cannot say) the log is scanned. */
    private readonly index?: PopulationIndex,
  ) {}

  /**
   * Validates the draft as a published pack would be, and its dates shifted where asked; throws what is
   * wrong. Publishing is asked rather than imitated: the policy registry's decider decides on the draft
   * against the region's published revisions, and its events are dropped, so a draft that publishing
   * would refuse (REVISION_IMMUTABLE, CORRECTED_REVISION_UNKNOWN, REVISION_OVERLAP, CORRECTION_NOT_HEAD)
   * is refused here with the same code, and the two sets of rules cannot drift apart.
   */
  validate(input: SimulationInput): { draft: PublishedPack; replayed: PublishedPack } {
    const draft = draftFor(input);
    if (input.againstYear !== undefined && input.againstYear >= input.year) {
      return unprocessable('AGAINST_YEAR_NOT_EARLIER', `againstYear: ${input.againstYear} is not earlier than the draft's year ${input.year}`);
    }
    const registry: PolicyRegistry = { region: input.region, revisions: this.published(input.region) };
    decidePolicyRegistry({ type: 'PublishPolicy', data: { policy: draft, reason: null, document: null } }, registry);
    return { draft, replayed: shiftedOnto(draft, input) };
  }

  async simulate(input: SimulationInput, options: SimulationOptions = {}): Promise<SimulationReport> {
    const { draft, replayed } = this.validate(input);
    const revisions = [...this.published(input.region), replayed];
    const recorded = new RecordedPopulation(this.store, await this.store.headPosition());
    const replayYear = input.againstYear ?? input.year;
    // The index may name person-years and enrollments recorded after the position: each is read at
    // the position below, and one with nothing recorded by then is left out, as the scan leaves it.
    const population = (await this.index?.populationOf(input.region, replayYear, recorded.position)) ?? (await recorded.of(input.region, replayYear));
    const tally = new SimulationTally();
    let personYears = 0;
    const alerts = { actual: 0, draft: 0, newlyCrossing: 0, noLongerCrossing: 0 };
    const total = population.personYears.length + population.enrolledPersons.length;
    // An enrolled person with claims is read once: the subsidy is priced while the person is at hand.
    const enrolled = new Set(population.enrolledPersons);
    const priced = new Map<string, SubsidyAmounts | null>();
    options.progress?.(0, total);
    for (let start = 0; start < population.personYears.length; start += SIMULATION_WAVE_PERSON_YEARS) {
      await checkpoint(options.signal);
      for (const personId of population.personYears.slice(start, start + SIMULATION_WAVE_PERSON_YEARS)) {
        const person = await recorded.person(personId);
        if (enrolled.has(personId)) priced.set(personId, subsidyUnderDraft(person, revisions, input.region, replayYear));
        const year = await recorded.benefitYear(personId, replayYear);
        if (year.claims.length === 0) continue;
        personYears += 1;
        countAlerts(alerts, replayPersonYear(tally, person, year, contextsOf(revisions, input.region, person, year)));
      }
      options.progress?.(Math.min(start + SIMULATION_WAVE_PERSON_YEARS, population.personYears.length), total);
    }
    // The enrollments come after the person-years in the total, so their waves report on from there.
    const subsidyProgress = (done: number): void => options.progress?.(population.personYears.length + done, total);
    const subsidies = await this.subsidies(recorded, population.enrolledPersons, priced, revisions, input.region, replayYear, { signal: options.signal, progress: subsidyProgress });
    return {
      region: input.region,
      year: replayYear,
      draftYear: input.year,
      draft: { revision: draft.ref.revision, hash: draft.ref.hash, effectiveFrom: draft.pack.effectiveFrom, effectiveTo: draft.pack.effectiveTo },
      position: recorded.position.toString(),
      personYears,
      claims: tally.claims,
      totals: tally.totalsComparison(),
      byCategory: tally.categoryComparisons(),
      byMonth: tally.monthComparisons(),
      changed: tally.changed(),
      largestChanges: tally.largestChanges(),
      earlyWarning: alerts,
      subsidies,
    };
  }

  /** The enrollment subsidy each enrolled person would be granted under the draft, against what was granted. */
  private async subsidies(
    recorded: RecordedPopulation,
    persons: readonly string[],
    /** Persons already priced while their person-year was replayed. */
    priced: ReadonlyMap<string, SubsidyAmounts | null>,
    revisions: readonly PublishedPack[],
    region: string,
    year: number,
    options: { readonly signal?: AbortSignal; readonly progress: (done: number) => void },
  ): Promise<SimulationReport['subsidies']> {
    let actual: Yuan = ZERO;
    let draft: Yuan = ZERO;
    let enrollments = 0;
    for (let start = 0; start < persons.length; start += SIMULATION_WAVE_PERSON_YEARS) {
      await checkpoint(options.signal);
      for (const personId of persons.slice(start, start + SIMULATION_WAVE_PERSON_YEARS)) {
        const amounts = priced.has(personId) ? priced.get(personId)! : subsidyUnderDraft(await recorded.person(personId), revisions, region, year);
        if (amounts === null) continue;
        enrollments += 1;
        actual = actual.plus(amounts.actual);
        draft = draft.plus(amounts.draft);
      }
      options.progress(Math.min(start + SIMULATION_WAVE_PERSON_YEARS, persons.length));
    }
    return { enrollments, actual: formatYuan(actual), draft: formatYuan(draft), difference: formatYuan(draft.minus(actual)) };
  }
}

const draftFor = (input: SimulationInput): PublishedPack => {
  const draft = parsePack(input.packText, input.packOrigin ?? 'draft');
  if (draft.pack.region !== input.region) {
    return unprocessable('DRAFT_REGION_MISMATCH', `region: the draft is a ${draft.pack.region} pack, but the simulation is of ${input.region}`);
  }
  return draft;
};

/** The draft itself, or, against an earlier recorded year, the draft with every date moved onto that year. */
const shiftedOnto = (draft: PublishedPack, input: SimulationInput): PublishedPack => {
  const years = (input.againstYear ?? input.year) - input.year;
  return years === 0 ? draft : validatePackObject(shiftPackYears(draft.pack, years), 'draft (shifted)');
};

const contextsOf = (revisions: readonly PublishedPack[], region: string, person: Person, year: BenefitYear): Record<string, ClaimContext> => {
  const oneTimeCategories = oneTimeCategoriesAmong(revisions);
  const contexts: Record<string, ClaimContext> = {};
  for (const recorded of year.claims) {
    const found = claimRevision(revisions, region, recorded.claim);
    if (!found) return unprocessable('NO_POLICY_IN_FORCE', `claim ${recorded.claim.claimId}: no ${region} revision covers it`);
    const heldCategories = categoriesForRecordedClaim(person, recorded.claim.claimId, recorded.referenceDate, oneTimeCategories);
    contexts[recorded.claim.claimId] = { policy: found.policy, heldCategories };
  }
  return contexts;
};

type AlertEvent = HighCostAlertRaised | HighCostAlertWithdrawn;

/** Replays one person-year under the draft's contexts and adds every claim, changed or not, to the tally. */
const replayPersonYear = (tally: SimulationTally, person: Person, year: BenefitYear, contexts: Record<string, ClaimContext>): { before: boolean; after: boolean } => {
  const events = decideBenefitYear({ type: 'Reassess', data: { correctionId: CORRECTION_ID, reason: CORRECTION_ID, contexts } }, year);
  const reassessed = new Map<string, ClaimReassessed['data']>();
  const open = new Set(year.openAlerts.keys());
  for (const event of events) {
    if (event.type === 'ClaimReassessed') reassessed.set(event.data.claimId, event.data);
    else if (event.type === 'HighCostAlertRaised') open.add((event as AlertEvent).data.rule);
    else if (event.type === 'HighCostAlertWithdrawn') open.delete((event as AlertEvent).data.rule);
  }
  for (const recorded of year.claims) {
    const next = reassessed.get(recorded.claim.claimId);
    const actual = { category: recorded.appliedCategory, payouts: recorded.payouts };
    tally.add({
      personId: person.registration?.personId ?? recorded.claim.personId,
      month: recorded.referenceDate.slice(0, 7),
      actual,
      draft: next ? { category: next.appliedCategory, payouts: next.next.payouts } : actual,
    });
  }
  return { before: year.openAlerts.size > 0, after: open.size > 0 };
};

const countAlerts = (alerts: { actual: number; draft: number; newlyCrossing: number; noLongerCrossing: number }, person: { before: boolean; after: boolean }): void => {
  if (person.before) alerts.actual += 1;
  if (person.after) alerts.draft += 1;
  if (!person.before && person.after) alerts.newlyCrossing += 1;
  if (person.before && !person.after) alerts.noLongerCrossing += 1;
};

interface SubsidyAmounts {
  readonly actual: Yuan;
  readonly draft: Yuan;
}

/** Null when the person had not enrolled for the year by the simulation's position. */
const subsidyUnderDraft = (person: Person, revisions: readonly PublishedPack[], region: string, year: number): SubsidyAmounts | null => {
  const enrollment = person.enrollments.get(year);
  if (!enrollment) return null;
  const decision = decideSubsidy({
    policy: selectRevision(revisions, region, laterOf(enrollment.enrolledOn, `${year}-01-01`)),
    year,
    enrolledOn: enrollment.enrolledOn,
    scheme: enrollment.scheme,
    heldCategories: personCategoriesOn(person, enrollment.enrolledOn),
    statedContribution: enrollment.contribution,
    alreadyGranted: null,
  });
  return { actual: parseYuan(enrollment.subsidy?.amount ?? '0.00'), draft: decision.kind === 'granted' ? parseYuan(decision.amount) : ZERO };
};

/** Yields to the event loop between waves, so the service keeps answering, and honours a cancellation. */
const checkpoint = async (signal: AbortSignal | undefined): Promise<void> => {
  await nextTurn();
  if (signal?.aborted) throw new SimulationCancelled();
};
