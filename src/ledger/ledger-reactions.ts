import { laterOf, nextDay } from '../domain/iso-date';
import type { IdentityRecognized, IdentityRevoked, PolicyPublished } from '../domain/ledger.events';
import type { IsoDate } from '../domain/vocabulary';
import { KeyedLock } from './keyed-lock';
import { registeredPerson, type LedgerContext, type RegisteredPerson } from './ledger-context';
import type { AppendedEvent, CommandMetadata, ReassessmentReport } from './ledger.types';
import type { Reassessment } from './reassessment.service';
import { benefitYearStream, personStream } from './stream-names';
import { benefitYearDecider, personDecider } from '../domain/deciders';
import { assert } from '../shared/domain-error';

/** A retroactive change can reach back at most this many benefit years (bounds the follow-up loop). */
const MAX_YEARS_SPAN = 30;

/** An identity event as the reaction needs it: from this process's append or from the store. */
export type IdentityChangeEvent = { readonly eventId: string } & (Pick<IdentityRecognized, 'type' | 'data'> | Pick<IdentityRevoked, 'type' | 'data'>);

/**
 * Reactions to what the ledger records (domain contract §2, §4): an identity change reassesses the
 * person-years it covers (and reviews the enrollment subsidy where the pack allows a top-up), and a
 * revision asking for resettlement reassesses its region. Each reaction appends under a correction id
 * derived from its cause, so running it again (from the checkpointed process manager after a crash)
 * adds nothing.
 */
export class LedgerReactions {
  /**
   * Held per person from before an identity change is appended until the reaction to it has run, so
   * the process manager, which sees the event only after the append, always finds the reaction done
   * and appends nothing: the command's response then reliably carries the reassessments it caused.
   */
  private readonly lock = new KeyedLock();

  constructor(
    private readonly context: LedgerContext,
    private readonly reassessment: Reassessment,
  ) {}

  /** Runs an identity command and the reaction to what it appended, as one turn for the person. */
  async identityCommand(personId: string, append: () => Promise<readonly AppendedEvent[]>, meta: CommandMetadata): Promise<AppendedEvent[]> {
    return this.lock.run(personId, async () => {
      const appended = await append();
      const followUps = appended.length > 0 ? await this.reassessCovered(identityChange(appended[0]), meta) : [];
      return [...appended, ...followUps];
    });
  }

  /** The reaction to an identity change read from the store (the process manager's entry). */
  async identityChanged(cause: IdentityChangeEvent, meta: CommandMetadata): Promise<AppendedEvent[]> {
    return this.lock.run(cause.data.personId, () => this.reassessCovered(cause, meta));
  }

  /**
   * A revision whose pack says `resettleOnPublication` (Shanxi: claims settled on the previous year's
   * threshold while the statistic was unpublished 可 be settled again) reassesses every person-year of
   * the region it covers, automatically. A correction (`corrects`) does not: the operator reads the
   * dry-run impact report first and then runs `Reassess`, as a bureau approves a payout run.
   */
  async policyPublished(cause: { eventId: string; data: PolicyPublished['data'] }, meta: CommandMetadata): Promise<ReassessmentReport | null> {
    const { data } = cause;
    if (!data.pack.resettleOnPublication) return null;
    const to = data.effectiveTo ?? '9999-12-31';
    const reason = `revision ${data.revision} publishes statistics; claims are settled again (resettleOnPublication)`;
    const followMeta: CommandMetadata = { ...meta, commandId: undefined, causationId: cause.eventId };
    return this.reassessment.reassess({ scope: { region: data.region, from: data.effectiveFrom, to }, reason, correctionId: `policy-${data.region}-${data.revision}` }, followMeta);
  }

  /** The one reaction path to an identity change; the caller holds the person's lock. */
  private async reassessCovered(cause: IdentityChangeEvent, meta: CommandMetadata): Promise<AppendedEvent[]> {
    const { personId, recordedOn } = cause.data;
    const [from, to] = cause.type === 'IdentityRecognized' ? [cause.data.validFrom, cause.data.validTo] : [nextDay(cause.data.validTo), null];
    const person = await registeredPerson(this.context, personId);
    const lastYear = Number((to !== null && to < recordedOn ? to : recordedOn).slice(0, 4));
    const firstYear = Math.max(Number(from.slice(0, 4)), lastYear - MAX_YEARS_SPAN);
    const followMeta: CommandMetadata = { ...meta, commandId: undefined, causationId: cause.eventId };
    const appended: AppendedEvent[] = [];
    for (let year = firstYear; year <= lastYear; year++) {
      appended.push(...(await this.topUp(person, year, from, followMeta)));
      const { state } = await this.context.aggregates.load(benefitYearStream(personId, year), benefitYearDecider);
      const covered = state.claims.some((claim) => claim.referenceDate >= from && (to === null || claim.referenceDate <= to));
      if (!covered) continue;
      const reason = `${cause.type} of ${cause.data.category} recorded on ${recordedOn} covers claims from ${from}`;
      const outcome = await this.reassessment.personYear(personId, year, `identity-${cause.eventId}`, reason, false, followMeta);
      appended.push(...outcome.events);
    }
    return appended;
  }

  private async topUp(person: RegisteredPerson, year: number, from: IsoDate, meta: CommandMetadata): Promise<AppendedEvent[]> {
    if (!person.enrollments.has(year)) return [];
    const asOf = laterOf(from, `${year}-01-01`);
    const policy = this.context.catalog.inForce(person.registration.region, asOf);
    if (!policy?.pack.subsidy.midYearTopUp) return [];
    const personId = person.registration.personId;
    const handled = await this.context.aggregates.handle(
      personStream(personId),
      personDecider,
      () => ({ type: 'TopUpSubsidy' as const, data: { personId, year, asOf, policy } }),
      meta,
      `top-up:${year}:${asOf}`,
    );
    return [...handled.appended];
  }
}

const identityChange = (event: AppendedEvent): IdentityChangeEvent => {
  assert(event.type === 'IdentityRecognized' || event.type === 'IdentityRevoked', `expected an identity event, got ${event.type}`);
  return event as IdentityChangeEvent;
};
