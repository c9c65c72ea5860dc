import {
  decideBenefitYear,
  evolveBenefitYear,
  initialBenefitYear,
  type BenefitYear,
  type BenefitYearCommand,
  type BenefitYearEvent,
  type ClaimContext,
  type RecordedClaim,
} from '../domain/benefit-year/benefit-year.decider';
import { DomainError, notFound, unprocessable } from '../domain/domain-error';
import type { ClaimSettled, IdentityRecognized, IdentityRevoked, PolicyPublished } from '../domain/ledger.events';
import { formatYuan, parseYuan } from '../domain/money';
import {
  decidePerson,
  evolvePerson,
  initialPerson,
  personCategoriesOn,
  type Person,
  type PersonCommand,
  type PersonEvent,
} from '../domain/person/person.decider';
import { decidePolicyRegistry, evolvePolicyRegistry, initialPolicyRegistry, type PolicyRegistry, type PublishPolicy } from '../domain/policy-registry/policy-registry.decider';
import type { PublishedPack } from '../domain/policy/policy-pack';
import { SettlementRefused, type Claim } from '../domain/policy/settlement.types';
import type { IsoDate } from '../domain/vocabulary';
import type { EventStore } from '../event-store/event-store.port';
import { AggregateStore, contentHash, toLedgerEvent, type StreamDecider } from './aggregate-store';
import { systemClock, type Clock } from './clock';
import { normalizeClaim } from './claim-input';
import { KeyedLock } from './keyed-lock';
import { PolicyCatalog } from './policy-catalog';
import { ReassessmentReportBuilder } from './reassessment-report';
import { benefitYearStream, personStream, policyStream } from './stream-names';
import type {
  AppendedEvent,
  ApplyForOneTimeAssistanceInput,
  CommandMetadata,
  CommandResult,
  EnrollPersonInput,
  PublishPolicyInput,
  ReassessInput,
  ReassessmentReport,
  RecognizeIdentityInput,
  RegisterPersonInput,
  RevokeIdentityInput,
  SubmitClaimInput,
  SubmitClaimResult,
} from './ledger.types';

const personDecider: StreamDecider<PersonCommand, Person, PersonEvent> = { initial: initialPerson, decide: decidePerson, evolve: evolvePerson };
const benefitYearDecider: StreamDecider<BenefitYearCommand, BenefitYear, BenefitYearEvent> = {
  initial: initialBenefitYear,
  decide: decideBenefitYear,
  evolve: evolveBenefitYear,
};
const policyDecider: StreamDecider<PublishPolicy, PolicyRegistry, ReturnType<typeof decidePolicyRegistry>[number]> = {
  initial: initialPolicyRegistry,
  decide: decidePolicyRegistry,
  evolve: evolvePolicyRegistry,
};

/** A retroactive change can reach back at most this many benefit years (bounds the follow-up loop). */
const MAX_YEARS_SPAN = 30;
const CLAIM_SCAN_PAGE = 2000;
/** Person-years reassessed at once: enough for group commit to batch their appends, few enough to bound memory. */
const REASSESS_WAVE = 64;
const MAX_CLAIM_SCAN_PAGES = 1_000_000;

/** Told how many person-years of a reassessment are done, out of how many. */
export type ReassessProgress = (done: number, total: number) => void;

export interface LedgerOptions {
  readonly clock?: Clock;
  /** Packs shipped with the service or given by the operator; published at open when not yet published. */
  readonly seedPacks?: readonly PublishedPack[];
  readonly cacheEntries?: number;
}

/**
 * The ledger's application service: turns commands into events through the pure deciders, against
 * the event-store port. Both edges (HTTP, CLI) call this and nothing else to write.
 */
export class Ledger {
  private readonly aggregates: AggregateStore;
  private readonly catalog: PolicyCatalog;
  /**
   * Held per person from before an identity change is appended until the reaction to it has run, so
   * the process manager, which sees the event only after the append, always finds the reaction done
   * and appends nothing: the command's response then reliably carries the reassessments it caused.
   */
  private readonly reactions = new KeyedLock();

  private constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    cacheEntries: number,
  ) {
    this.aggregates = new AggregateStore(store, clock, cacheEntries);
    this.catalog = new PolicyCatalog(store);
  }

  static async open(store: EventStore, options: LedgerOptions = {}): Promise<Ledger> {
    const ledger = new Ledger(store, options.clock ?? systemClock, options.cacheEntries ?? 100_000);
    await ledger.catalog.refresh();
    await ledger.publishSeeds(options.seedPacks ?? []);
    return ledger;
  }

  get eventStore(): EventStore {
    return this.store;
  }

  policies(region?: string): PublishedPack[] {
    return this.catalog.revisions(region);
  }

  async publishPolicy(input: PublishPolicyInput, meta: CommandMetadata): Promise<CommandResult> {
    const { ref } = input.policy;
    const handled = await this.aggregates.handle(
      policyStream(ref.region),
      policyDecider,
      () => ({ type: 'PublishPolicy' as const, data: { policy: input.policy, reason: input.reason ?? null, document: input.document ?? null } }),
      meta,
      `policy:${ref.region}:${ref.revision}:${ref.hash}`,
    );
    for (const event of handled.appended) this.catalog.add(event.data as PolicyPublished['data']);
    return this.result(handled.appended);
  }

  async registerPerson(input: RegisterPersonInput, meta: CommandMetadata): Promise<CommandResult> {
    const handled = await this.aggregates.handle(
      personStream(input.personId),
      personDecider,
      () => ({ type: 'RegisterPerson' as const, data: { personId: input.personId, region: input.region, scheme: input.scheme } }),
      meta,
      `register:${contentHash(input)}`,
    );
    return this.result(handled.appended);
  }

  async recognizeIdentity(input: RecognizeIdentityInput, meta: CommandMetadata): Promise<CommandResult> {
    return this.reactions.run(input.personId, () => this.recognizeIdentityAndReact(input, meta));
  }

  async revokeIdentity(input: RevokeIdentityInput, meta: CommandMetadata): Promise<CommandResult> {
    return this.reactions.run(input.personId, () => this.revokeIdentityAndReact(input, meta));
  }

  private async recognizeIdentityAndReact(input: RecognizeIdentityInput, meta: CommandMetadata): Promise<CommandResult> {
    const recordedOn = this.recordedOn(meta);
    const validTo = input.validTo ?? null;
    const handled = await this.aggregates.handle(
      personStream(input.personId),
      personDecider,
      () => ({ type: 'RecognizeIdentity' as const, data: { personId: input.personId, category: input.category, validFrom: input.validFrom, validTo, source: input.source, recordedOn } }),
      meta,
      `recognize:${contentHash(input)}`,
    );
    const followUps = handled.appended.length > 0 ? await this.reactUnlocked(identityChange(handled.appended[0]), meta) : [];
    return this.result([...handled.appended, ...followUps]);
  }

  private async revokeIdentityAndReact(input: RevokeIdentityInput, meta: CommandMetadata): Promise<CommandResult> {
    const recordedOn = this.recordedOn(meta);
    const handled = await this.aggregates.handle(
      personStream(input.personId),
      personDecider,
      () => ({ type: 'RevokeIdentity' as const, data: { ...input, recordedOn } }),
      meta,
      `revoke:${contentHash(input)}`,
    );
    const followUps = handled.appended.length > 0 ? await this.reactUnlocked(identityChange(handled.appended[0]), meta) : [];
    return this.result([...handled.appended, ...followUps]);
  }

  async enrollPerson(input: EnrollPersonInput, meta: CommandMetadata): Promise<CommandResult> {
    const person = await this.registeredPerson(input.personId);
    // Contributions for year N are often collected in year N−1: the revision in force on the later of the two dates decides.
    const decisive = laterOf(input.enrolledOn, `${input.year}-01-01`);
    const policy = await this.policyInForce(person.registration.region, decisive);
    const contribution = this.amount(input.contribution, 'contribution');
    const handled = await this.aggregates.handle(
      personStream(input.personId),
      personDecider,
      () => ({
        type: 'EnrollPerson' as const,
        data: { personId: input.personId, year: input.year, scheme: input.scheme ?? person.registration.scheme, contribution, enrolledOn: input.enrolledOn, policy },
      }),
      meta,
      `enroll:${contentHash(input)}`,
    );
    return this.result(handled.appended);
  }

  async submitClaim(input: SubmitClaimInput, meta: CommandMetadata): Promise<SubmitClaimResult> {
    const person = await this.registeredPerson(input.personId);
    const claim = normalizeClaim(input, person.registration.scheme);
    const found = await this.claimPolicy(person.registration.region, claim);
    const year = Number(found.referenceDate.slice(0, 4));
    const stream = benefitYearStream(claim.personId, year);
    const claimHash = contentHash(claim);
    const handled = await this.aggregates.handle(
      stream,
      benefitYearDecider,
      async () => {
        // Categories and enrollment are read inside the per-stream turn, so a retry sees fresh ones.
        const current = await this.registeredPerson(claim.personId);
        const context: ClaimContext = { policy: found.policy, heldCategories: personCategoriesOn(current, found.referenceDate) };
        const enrollment = current.enrollments.get(year);
        return { type: 'SubmitClaim' as const, data: { claim, claimHash, context, enrollment: enrollment ? { scheme: enrollment.scheme } : null } };
      },
      meta,
      `claim:${claim.claimId}`,
      true,
    );
    const settled = handled.appended.find((event) => event.type === 'ClaimSettled');
    const settlement = settled ? (settled.data as ClaimSettled['data']) : await this.recordedSettlement(stream, claim.claimId);
    return { ...this.result(handled.appended), settlement, duplicate: settled === undefined };
  }

  async applyForOneTimeAssistance(input: ApplyForOneTimeAssistanceInput, meta: CommandMetadata): Promise<CommandResult> {
    const person = await this.registeredPerson(input.personId);
    const policy = await this.policyInForce(person.registration.region, input.applicationDate);
    if (!policy) return unprocessable('NO_POLICY_IN_FORCE', `no ${person.registration.region} policy is in force on ${input.applicationDate}`);
    if (!policy.pack.oneTimeAssistance) {
      return unprocessable('NOT_PROVIDED', `${person.registration.region} revision ${policy.ref.revision} provides no one-time assistance`);
    }
    const applicationYear = Number(input.applicationDate.slice(0, 4));
    const claims: Array<{ claim: Claim; referenceDate: IsoDate; policyScope: string; payouts: RecordedClaim['payouts'] }> = [];
    for (const year of [applicationYear - 1, applicationYear]) {
      const { state } = await this.aggregates.load(benefitYearStream(input.personId, year), benefitYearDecider);
      claims.push(...state.claims.map((recorded) => ({ claim: recorded.claim, referenceDate: recorded.referenceDate, policyScope: recorded.policyScope, payouts: recorded.payouts })));
    }
    const handled = await this.aggregates.handle(
      personStream(input.personId),
      personDecider,
      () => ({ type: 'ApplyForOneTimeAssistance' as const, data: { personId: input.personId, applicationDate: input.applicationDate, policy, claims } }),
      meta,
      `one-time:${contentHash(input)}`,
    );
    return this.result(handled.appended);
  }

  /**
   * Replays person-years under the revisions and identities known now and records exact deltas. A
   * dry run computes the same and appends nothing.
   */
  async reassess(input: ReassessInput, meta: CommandMetadata, progress?: ReassessProgress): Promise<ReassessmentReport> {
    await this.catalog.refresh();
    const personYears = 'personId' in input.scope ? [input.scope] : await this.personYearsInRegion(input.scope.region, input.scope.from, input.scope.to);
    const head = await this.store.headPosition();
    const correctionId = input.correctionId ?? `correction-${contentHash({ scope: input.scope, reason: input.reason, head: head.toString() }).slice(0, 20)}`;
    const report = new ReassessmentReportBuilder(correctionId, input.dryRun === true);
    progress?.(0, personYears.length);
    // Person-years are independent streams: a bounded wave of them lets their appends share group
    // commits; outcomes are added in scope order, so the report does not depend on timing.
    for (let start = 0; start < personYears.length; start += REASSESS_WAVE) {
      const wave = personYears.slice(start, start + REASSESS_WAVE);
      const outcomes = await Promise.all(
        wave.map((personYear) => this.reassessPersonYear(personYear.personId, personYear.year, correctionId, input.reason, input.dryRun === true, meta)),
      );
      for (const outcome of outcomes) report.add(outcome.claims, outcome.events);
      progress?.(start + wave.length, personYears.length);
    }
    return report.build();
  }

  async close(): Promise<void> {
    this.aggregates.forget();
  }

  private async reassessPersonYear(
    personId: string,
    year: number,
    correctionId: string,
    reason: string,
    dryRun: boolean,
    meta: CommandMetadata,
  ): Promise<{ claims: number; events: AppendedEvent[] }> {
    const stream = benefitYearStream(personId, year);
    const commandOf = async (state: BenefitYear): Promise<BenefitYearCommand> => ({
      type: 'Reassess',
      data: { correctionId, reason, contexts: await this.contextsOf(personId, state) },
    });
    if (dryRun) {
      const { state } = await this.aggregates.load(stream, benefitYearDecider);
      const events = decideBenefitYear(await commandOf(state), state);
      return { claims: state.claims.length, events: events.map((event) => ({ ...event, streamName: stream, eventId: '', position: '' })) };
    }
    const handled = await this.aggregates.handle(stream, benefitYearDecider, commandOf, meta, `reassess:${correctionId}`, true);
    return { claims: handled.state.claims.length, events: [...handled.appended] };
  }

  private async contextsOf(personId: string, year: BenefitYear): Promise<Record<string, ClaimContext>> {
    const person = await this.registeredPerson(personId);
    const contexts: Record<string, ClaimContext> = {};
    for (const recorded of year.claims) {
      const found = this.catalog.forClaim(person.registration.region, recorded.claim);
      if (!found) throw new Error(`claim ${recorded.claim.claimId} was settled but no revision covers it any more`);
      contexts[recorded.claim.claimId] = { policy: found.policy, heldCategories: personCategoriesOn(person, recorded.referenceDate) };
    }
    return contexts;
  }

  /**
   * A recognition or revocation whose interval covers settled claims makes those person-years
   * reassessable (domain contract §2, §4): each is replayed, under a correction id derived from the
   * identity event, so running this twice (here, right after the command, and again from the
   * checkpointed process manager after a crash) adds nothing the second time. Where the pack allows
   * a mid-year top-up, the enrollment subsidy is reviewed too.
   */
  async reactToIdentityChange(cause: IdentityChangeEvent, meta: CommandMetadata): Promise<AppendedEvent[]> {
    return this.reactions.run(cause.data.personId, () => this.reactUnlocked(cause, meta));
  }

  private async reactUnlocked(cause: IdentityChangeEvent, meta: CommandMetadata): Promise<AppendedEvent[]> {
    const { personId, recordedOn } = cause.data;
    const [from, to] = cause.type === 'IdentityRecognized' ? [cause.data.validFrom, cause.data.validTo] : [nextDay(cause.data.validTo), null];
    const person = await this.registeredPerson(personId);
    const lastYear = Number((to !== null && to < recordedOn ? to : recordedOn).slice(0, 4));
    const firstYear = Math.max(Number(from.slice(0, 4)), lastYear - MAX_YEARS_SPAN);
    const followMeta: CommandMetadata = { ...meta, commandId: undefined, causationId: cause.eventId };
    const appended: AppendedEvent[] = [];
    for (let year = firstYear; year <= lastYear; year++) {
      appended.push(...(await this.topUp(person, personId, year, from, followMeta)));
      const { state } = await this.aggregates.load(benefitYearStream(personId, year), benefitYearDecider);
      const covered = state.claims.some((claim) => claim.referenceDate >= from && (to === null || claim.referenceDate <= to));
      if (!covered) continue;
      const reason = `${cause.type} of ${cause.data.category} recorded on ${recordedOn} covers claims from ${from}`;
      const outcome = await this.reassessPersonYear(personId, year, `identity-${cause.eventId}`, reason, false, followMeta);
      appended.push(...outcome.events);
    }
    return appended;
  }

  /**
   * A revision whose pack says `resettleOnPublication` (Shanxi: claims settled on the previous year's
   * threshold while the statistic was unpublished 可 be settled again) reassesses every person-year of
   * the region it covers, automatically. A correction (`corrects`) does not: the operator reads the
   * dry-run impact report first and then runs `Reassess`, as a bureau approves a payout run.
   */
  async reactToPolicyPublished(cause: { eventId: string; data: PolicyPublished['data'] }, meta: CommandMetadata): Promise<ReassessmentReport | null> {
    const { data } = cause;
    if (!data.pack.resettleOnPublication) return null;
    const to = data.effectiveTo ?? '9999-12-31';
    const reason = `revision ${data.revision} publishes statistics; claims are settled again (resettleOnPublication)`;
    const followMeta: CommandMetadata = { ...meta, commandId: undefined, causationId: cause.eventId };
    return this.reassess({ scope: { region: data.region, from: data.effectiveFrom, to }, reason, correctionId: `policy-${data.region}-${data.revision}` }, followMeta);
  }

  private async topUp(person: Person, personId: string, year: number, from: IsoDate, meta: CommandMetadata): Promise<AppendedEvent[]> {
    if (!person.enrollments.has(year) || !person.registration) return [];
    const asOf = laterOf(from, `${year}-01-01`);
    const policy = this.catalog.inForce(person.registration.region, asOf);
    if (!policy?.pack.subsidy.midYearTopUp) return [];
    const handled = await this.aggregates.handle(
      personStream(personId),
      personDecider,
      () => ({ type: 'TopUpSubsidy' as const, data: { personId, year, asOf, policy } }),
      meta,
      `top-up:${year}:${asOf}`,
    );
    return [...handled.appended];
  }

  private async personYearsInRegion(region: string, from: IsoDate, to: IsoDate): Promise<Array<{ personId: string; year: number }>> {
    const found = new Map<string, { personId: string; year: number }>();
    let after = 0n;
    for (let page = 0; page < MAX_CLAIM_SCAN_PAGES; page++) {
      const events = await this.store.readAll({ afterPosition: after, maxCount: CLAIM_SCAN_PAGE, filter: { eventTypes: ['ClaimSettled'] } });
      for (const event of events) {
        const data = event.data as ClaimSettled['data'];
        if (data.policy.region !== region || data.referenceDate < from || data.referenceDate > to) continue;
        found.set(`${data.personId}/${data.year}`, { personId: data.personId, year: data.year });
      }
      if (events.length < CLAIM_SCAN_PAGE) break;
      after = events[events.length - 1].position;
    }
    return [...found.values()];
  }

  /**
   * This process's catalog is current for everything it published itself; a revision published by
   * another process is picked up by a refresh when nothing in force is found, and by every reassessment.
   */
  private async policyInForce(region: string, date: IsoDate): Promise<PublishedPack | null> {
    const known = this.catalog.inForce(region, date);
    if (known) return known;
    await this.catalog.refresh();
    return this.catalog.inForce(region, date);
  }

  private async claimPolicy(region: string, claim: Claim): Promise<{ policy: PublishedPack; referenceDate: IsoDate }> {
    const found = this.catalog.forClaim(region, claim) ?? (await this.catalog.refresh(), this.catalog.forClaim(region, claim));
    if (!found) throw new SettlementRefused('NO_POLICY_IN_FORCE', `no ${region} policy revision is in force on ${claim.dischargeDate} (claim ${claim.claimId})`);
    return found;
  }

  private async recordedSettlement(stream: string, claimId: string): Promise<ClaimSettled['data']> {
    const events = await this.store.readStream(stream, { maxCount: 100_000 });
    const settled = events.map(toLedgerEvent).find((event): event is ClaimSettled => event.type === 'ClaimSettled' && event.data.claimId === claimId);
    if (!settled) return notFound('CLAIM_NOT_FOUND', `claim ${claimId} is not recorded in ${stream}`);
    return settled.data;
  }

  private async registeredPerson(personId: string): Promise<Person & { registration: NonNullable<Person['registration']> }> {
    const { state } = await this.aggregates.load(personStream(personId), personDecider);
    if (!state.registration) return notFound('PERSON_NOT_FOUND', `person ${personId} is not registered`);
    return state as Person & { registration: NonNullable<Person['registration']> };
  }

  private async publishSeeds(packs: readonly PublishedPack[]): Promise<void> {
    const ordered = [...packs].sort((left, right) => left.pack.effectiveFrom.localeCompare(right.pack.effectiveFrom));
    for (const policy of ordered) {
      const known = this.catalog.revisions(policy.ref.region).find((published) => published.ref.revision === policy.ref.revision);
      if (known) continue;
      await this.publishPolicy({ policy, reason: 'shipped policy pack', document: null }, { actor: 'system:seed-packs' });
    }
  }

  private amount(text: string, field: string): string {
    try {
      return formatYuan(parseYuan(text, field));
    } catch (error) {
      throw new DomainError('unprocessable', 'INVALID_AMOUNT', (error as Error).message);
    }
  }

  private recordedOn(meta: CommandMetadata): IsoDate {
    return (meta.recordedAt ?? this.clock.now().toISOString()).slice(0, 10);
  }

  private result(appended: readonly AppendedEvent[]): CommandResult {
    const last = appended[appended.length - 1];
    return { events: appended, position: last ? last.position : '' };
  }
}

/** An identity event as the reaction needs it: from this process's append or from the store. */
export type IdentityChangeEvent = { readonly eventId: string } & (Pick<IdentityRecognized, 'type' | 'data'> | Pick<IdentityRevoked, 'type' | 'data'>);

const identityChange = (event: AppendedEvent): IdentityChangeEvent => {
  if (event.type !== 'IdentityRecognized' && event.type !== 'IdentityRevoked') throw new Error(`expected an identity event, got ${event.type}`);
  return event as IdentityChangeEvent;
};

const laterOf = (left: IsoDate, right: IsoDate): IsoDate => (left > right ? left : right);

/** The day after an ISO date, computed on the calendar in UTC (no local time zone can shift it). */
const nextDay = (date: IsoDate): IsoDate => {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
};
