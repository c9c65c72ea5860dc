import type { ClaimContext, RecordedClaim } from '../domain/benefit-year/benefit-year.decider';
import { DomainError, notFound, unprocessable } from '../domain/domain-error';
import { laterOf } from '../domain/iso-date';
import type { ClaimSettled, PolicyPublished } from '../domain/ledger.events';
import { formatYuan, parseYuan } from '../domain/money';
import { personCategoriesOn } from '../domain/person/person-categories';
import type { PublishedPack } from '../domain/policy/policy-pack';
import { SettlementRefused, type Claim } from '../domain/policy/settlement.types';
import type { IsoDate } from '../domain/vocabulary';
import { contentHash, toLedgerEvent } from './aggregate-store';
import { normalizeClaim } from './claim-input';
import { commandResult, knownRegion, policyInForce, registeredPerson, type LedgerContext } from './ledger-context';
import { ClaimIdReused, claimReservationKey } from './claim-id-reused';
import { ReservationConflict } from '../event-store/event-store.port';
import type {
  AppendedEvent,
  ApplyForOneTimeAssistanceInput,
  CommandMetadata,
  CommandResult,
  EnrollPersonInput,
  PublishPolicyInput,
  RecognizeIdentityInput,
  RecordPersonalDataErasureInput,
  RegisterPersonInput,
  RevokeIdentityInput,
  SubmitClaimInput,
  SubmitClaimResult,
} from './ledger.types';
import { benefitYearStream, personStream, policyStream } from './stream-names';
import { benefitYearDecider, personDecider, policyRegistryDecider } from '../domain/deciders';

/** A settled claim is found again by reading its stream; no person-year holds more events than this. */
const SETTLEMENT_READ_MAX_EVENTS = 100_000;

/**
 * The ledger's commands: each turns its input into a domain command, runs it through the stream's
 * decider and appends what it decides. Reactions to what they append live in ledger-reactions.ts.
 */
export class LedgerCommands {
  constructor(private readonly context: LedgerContext) {}

  async publishPolicy(input: PublishPolicyInput, meta: CommandMetadata): Promise<CommandResult> {
    const { ref } = input.policy;
    const handled = await this.context.aggregates.handle(
      policyStream(ref.region),
      policyRegistryDecider,
      () => ({ type: 'PublishPolicy' as const, data: { policy: input.policy, reason: input.reason ?? null, document: input.document ?? null } }),
      meta,
      `policy:${ref.region}:${ref.revision}:${ref.hash}`,
    );
    for (const event of handled.appended) this.context.catalog.add(event.data as PolicyPublished['data']);
    return commandResult(handled.appended);
  }

  async registerPerson(input: RegisterPersonInput, meta: CommandMetadata): Promise<CommandResult> {
    await knownRegion(this.context, input.region);
    const handled = await this.context.aggregates.handle(
      personStream(input.personId),
      personDecider,
      () => ({ type: 'RegisterPerson' as const, data: { personId: input.personId, region: input.region, scheme: input.scheme } }),
      meta,
      `register:${contentHash(input)}`,
    );
    return commandResult(handled.appended);
  }

  /** Appends the recognition only; the ledger runs the reaction to it under the person's lock. */
  async recognizeIdentity(input: RecognizeIdentityInput, meta: CommandMetadata): Promise<readonly AppendedEvent[]> {
    const recordedOn = this.recordedOn(meta);
    const validTo = input.validTo ?? null;
    const handled = await this.context.aggregates.handle(
      personStream(input.personId),
      personDecider,
      () => ({ type: 'RecognizeIdentity' as const, data: { personId: input.personId, category: input.category, validFrom: input.validFrom, validTo, source: input.source, recordedOn } }),
      meta,
      `recognize:${contentHash(input)}`,
    );
    return handled.appended;
  }

  /** Appends the revocation only; the ledger runs the reaction to it under the person's lock. */
  async revokeIdentity(input: RevokeIdentityInput, meta: CommandMetadata): Promise<readonly AppendedEvent[]> {
    const recordedOn = this.recordedOn(meta);
    const handled = await this.context.aggregates.handle(
      personStream(input.personId),
      personDecider,
      () => ({ type: 'RevokeIdentity' as const, data: { ...input, recordedOn } }),
      meta,
      `revoke:${contentHash(input)}`,
    );
    return handled.appended;
  }

  async enrollPerson(input: EnrollPersonInput, meta: CommandMetadata): Promise<CommandResult> {
    const person = await registeredPerson(this.context, input.personId);
    // Contributions for year N are often collected in year N−1: the revision in force on the later of the two dates decides.
    const decisive = laterOf(input.enrolledOn, `${input.year}-01-01`);
    const policy = await policyInForce(this.context, person.registration.region, decisive);
    const contribution = amount(input.contribution, 'contribution');
    const handled = await this.context.aggregates.handle(
      personStream(input.personId),
      personDecider,
      () => ({
        type: 'EnrollPerson' as const,
        data: { personId: input.personId, year: input.year, scheme: input.scheme ?? person.registration.scheme, contribution, enrolledOn: input.enrolledOn, policy },
      }),
      meta,
      `enroll:${contentHash(input)}`,
    );
    return commandResult(handled.appended);
  }

  async submitClaim(input: SubmitClaimInput, meta: CommandMetadata): Promise<SubmitClaimResult> {
    const person = await registeredPerson(this.context, input.personId);
    const claim = normalizeClaim(input, person.registration.scheme);
    const found = await this.claimPolicy(person.registration.region, claim);
    const year = Number(found.referenceDate.slice(0, 4));
    const stream = benefitYearStream(claim.personId, year);
    const claimHash = contentHash(claim);
    // The claim id is reserved in the store with the append: once ever, across persons and years.
    const reservation = { key: claimReservationKey(claim.claimId), fingerprint: claimHash };
    const handled = await this.context.aggregates.handle(
      stream,
      benefitYearDecider,
      async () => {
        // Categories and enrollment are read inside the per-stream turn, so a retry sees fresh ones.
        const current = await registeredPerson(this.context, claim.personId);
        const context: ClaimContext = { policy: found.policy, heldCategories: personCategoriesOn(current, found.referenceDate) };
        const enrollment = current.enrollments.get(year);
        return { type: 'SubmitClaim' as const, data: { claim, claimHash, context, enrollment: enrollment ? { scheme: enrollment.scheme } : null } };
      },
      meta,
      `claim:${claim.claimId}`,
      true,
      { reservations: [reservation] },
    ).catch((error: unknown) => {
      throw error instanceof ReservationConflict ? ClaimIdReused.from(claim.claimId, error) : error;
    });
    const settled = handled.appended.find((event) => event.type === 'ClaimSettled');
    const settlement = settled ? (settled.data as ClaimSettled['data']) : await this.recordedSettlement(stream, claim.claimId);
    return { ...commandResult(handled.appended), settlement, duplicate: settled === undefined };
  }

  async applyForOneTimeAssistance(input: ApplyForOneTimeAssistanceInput, meta: CommandMetadata): Promise<CommandResult> {
    const person = await registeredPerson(this.context, input.personId);
    const policy = await policyInForce(this.context, person.registration.region, input.applicationDate);
    if (!policy) return unprocessable('NO_POLICY_IN_FORCE', `no ${person.registration.region} policy is in force on ${input.applicationDate}`);
    if (!policy.pack.oneTimeAssistance) {
      return unprocessable('NOT_PROVIDED', `${person.registration.region} revision ${policy.ref.revision} provides no one-time assistance`);
    }
    const claims = await this.claimsAround(input.personId, Number(input.applicationDate.slice(0, 4)));
    const handled = await this.context.aggregates.handle(
      personStream(input.personId),
      personDecider,
      () => ({ type: 'ApplyForOneTimeAssistance' as const, data: { personId: input.personId, applicationDate: input.applicationDate, policy, claims } }),
      meta,
      `one-time:${contentHash(input)}`,
    );
    return commandResult(handled.appended);
  }

  /**
   * Records `PersonalDataErased` on the person's stream, after the personal-data store destroyed the
   * person's key. The instant is the server's (or the scenario's recorded time), never the caller's.
   */
  async recordPersonalDataErasure(input: RecordPersonalDataErasureInput, meta: CommandMetadata): Promise<CommandResult> {
    const erasedAt = meta.recordedAt ?? this.context.clock.now().toISOString();
    const handled = await this.context.aggregates.handle(
      personStream(input.personId),
      personDecider,
      () => ({ type: 'RecordPersonalDataErasure' as const, data: { personId: input.personId, erasedAt, reason: input.reason } }),
      meta,
      `erase-personal-data:${input.personId}`,
      true,
    );
    return commandResult(handled.appended);
  }

  /** The claims of the application's year and the year before: what one-time assistance looks back over. */
  private async claimsAround(personId: string, applicationYear: number): Promise<Array<{ claim: Claim; referenceDate: IsoDate; policyScope: string; payouts: RecordedClaim['payouts'] }>> {
    const claims: Array<{ claim: Claim; referenceDate: IsoDate; policyScope: string; payouts: RecordedClaim['payouts'] }> = [];
    for (const year of [applicationYear - 1, applicationYear]) {
      const { state } = await this.context.aggregates.load(benefitYearStream(personId, year), benefitYearDecider);
      claims.push(...state.claims.map((recorded) => ({ claim: recorded.claim, referenceDate: recorded.referenceDate, policyScope: recorded.policyScope, payouts: recorded.payouts })));
    }
    return claims;
  }

  private async claimPolicy(region: string, claim: Claim): Promise<{ policy: PublishedPack; referenceDate: IsoDate }> {
    const { catalog } = this.context;
    const found = catalog.forClaim(region, claim) ?? (await catalog.refresh(), catalog.forClaim(region, claim));
    if (!found) throw new SettlementRefused('NO_POLICY_IN_FORCE', `no ${region} policy revision is in force on ${claim.dischargeDate} (claim ${claim.claimId})`);
    return found;
  }

  private async recordedSettlement(stream: string, claimId: string): Promise<ClaimSettled['data']> {
    const events = await this.context.store.readStream(stream, { maxCount: SETTLEMENT_READ_MAX_EVENTS });
    const settled = events.map(toLedgerEvent).find((event): event is ClaimSettled => event.type === 'ClaimSettled' && event.data.claimId === claimId);
    if (!settled) return notFound('CLAIM_NOT_FOUND', `claim ${claimId} is not recorded in ${stream}`);
    return settled.data;
  }

  private recordedOn(meta: CommandMetadata): IsoDate {
    return (meta.recordedAt ?? this.context.clock.now().toISOString()).slice(0, 10);
  }
}

const amount = (text: string, field: string): string => {
  try {
    return formatYuan(parseYuan(text, field));
  } catch (error) {
    throw new DomainError('unprocessable', 'INVALID_AMOUNT', (error as Error).message);
  }
};
