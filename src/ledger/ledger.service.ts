import type { PolicyPublished } from '../domain/ledger.events';
import type { PublishedPack } from '../domain/policy/policy-pack';
import { StoreNotWritable, type EventStore } from '../event-store/event-store.port';
import { AggregateStore, DEFAULT_STATE_CACHE_ENTRIES } from './aggregate-store';
import type { CacheStats } from './bounded-cache';
import { systemClock, type Clock } from './clock';
import { LedgerCommands } from './ledger-commands';
import { commandResult, knownRegion, type LedgerContext } from './ledger-context';
import { LedgerReactions, type IdentityChangeEvent } from './ledger-reactions';
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
  RecordPersonalDataErasureInput,
  RegisterPersonInput,
  RevokeIdentityInput,
  SubmitClaimInput,
  SubmitClaimResult,
} from './ledger.types';
import type { PersonYearIndex } from './person-year-index';
import { PolicyCatalog } from './policy-catalog';
import { Reassessment, type ReassessProgress } from './reassessment.service';
import type { PersonYearDeciders } from './reassessment-threads';

export type { IdentityChangeEvent } from './ledger-reactions';
export type { ReassessProgress } from './reassessment.service';

export interface LedgerOptions {
  readonly clock?: Clock;
  /** Packs shipped with the service or given by the operator; published at open when not yet published. */
  readonly seedPacks?: readonly PublishedPack[];
  readonly cacheEntries?: number;
  /** The index a region-wide reassessment starts from (the read models'); without one it scans the log. */
  readonly personYearIndex?: PersonYearIndex;
  /**
   * Where a large region-wide reassessment decides its person-years (worker threads); without them, on
   * the event loop. Whoever made them closes them: several ledgers over one store may share them.
   */
  readonly reassessmentThreads?: PersonYearDeciders;
}

/**
 * The ledger's application service, the one door both edges (HTTP, CLI) write through. It composes
 * three parts with one job each: commands (ledger-commands.ts), reassessment orchestration
 * (reassessment.service.ts) and reactions to what is recorded (ledger-reactions.ts).
 */
export class Ledger {
  private readonly context: LedgerContext;
  private readonly commands: LedgerCommands;
  private readonly reassessment: Reassessment;
  private readonly reactions: LedgerReactions;

  private constructor(store: EventStore, clock: Clock, options: LedgerOptions) {
    const { personYearIndex, reassessmentThreads } = options;
    const aggregates = new AggregateStore(store, clock, options.cacheEntries ?? DEFAULT_STATE_CACHE_ENTRIES);
    this.context = { store, clock, aggregates, catalog: new PolicyCatalog(store), personYearIndex, reassessmentThreads };
    this.commands = new LedgerCommands(this.context);
    this.reassessment = new Reassessment(this.context);
    this.reactions = new LedgerReactions(this.context, this.reassessment);
  }

  static async open(store: EventStore, options: LedgerOptions = {}): Promise<Ledger> {
    const ledger = new Ledger(store, options.clock ?? systemClock, options);
    await ledger.context.catalog.refresh();
    await ledger.publishSeeds(options.seedPacks ?? []);
    return ledger;
  }

  get eventStore(): EventStore {
    return this.context.store;
  }

  /** Hit rate of the state cache since the last reset (`reset` starts a new count). */
  cacheStats(reset = false): CacheStats {
    return this.context.aggregates.cacheStats(reset);
  }

  policies(region?: string): PublishedPack[] {
    return this.context.catalog.revisions(region);
  }

  /** Refuses (422 UNKNOWN_REGION) a region no revision was published for: a typo, named where it is given. */
  assertKnownRegion(region: string): Promise<void> {
    return knownRegion(this.context, region);
  }

  publishPolicy(input: PublishPolicyInput, meta: CommandMetadata): Promise<CommandResult> {
    return this.commands.publishPolicy(input, meta);
  }

  registerPerson(input: RegisterPersonInput, meta: CommandMetadata): Promise<CommandResult> {
    return this.commands.registerPerson(input, meta);
  }

  /** The recognition and the reassessments it causes, in one response. */
  async recognizeIdentity(input: RecognizeIdentityInput, meta: CommandMetadata): Promise<CommandResult> {
    return commandResult(await this.reactions.identityCommand(input.personId, () => this.commands.recognizeIdentity(input, meta), meta));
  }

  /** The revocation and the reassessments it causes, in one response. */
  async revokeIdentity(input: RevokeIdentityInput, meta: CommandMetadata): Promise<CommandResult> {
    return commandResult(await this.reactions.identityCommand(input.personId, () => this.commands.revokeIdentity(input, meta), meta));
  }

  enrollPerson(input: EnrollPersonInput, meta: CommandMetadata): Promise<CommandResult> {
    return this.commands.enrollPerson(input, meta);
  }

  submitClaim(input: SubmitClaimInput, meta: CommandMetadata): Promise<SubmitClaimResult> {
    return this.commands.submitClaim(input, meta);
  }

  applyForOneTimeAssistance(input: ApplyForOneTimeAssistanceInput, meta: CommandMetadata): Promise<CommandResult> {
    return this.commands.applyForOneTimeAssistance(input, meta);
  }

  reassess(input: ReassessInput, meta: CommandMetadata, progress?: ReassessProgress): Promise<ReassessmentReport> {
    return this.reassessment.reassess(input, meta, progress);
  }

  /** The process manager's entry for an identity change read from the store; idempotent by correction id. */
  reactToIdentityChange(cause: IdentityChangeEvent, meta: CommandMetadata): Promise<AppendedEvent[]> {
    return this.reactions.identityChanged(cause, meta);
  }

  reactToPolicyPublished(cause: { eventId: string; data: PolicyPublished['data'] }, meta: CommandMetadata): Promise<ReassessmentReport | null> {
    return this.reactions.policyPublished(cause, meta);
  }

  /** Records `PersonalDataErased` after the personal-data store destroyed the person's key. */
  recordPersonalDataErasure(input: RecordPersonalDataErasureInput, meta: CommandMetadata): Promise<CommandResult> {
    return this.commands.recordPersonalDataErasure(input, meta);
  }

  async close(): Promise<void> {
    this.context.aggregates.forget();
  }

  private async publishSeeds(packs: readonly PublishedPack[]): Promise<void> {
    const ordered = [...packs].sort((left, right) => left.pack.effectiveFrom.localeCompare(right.pack.effectiveFrom));
    for (const policy of ordered) {
      const known = this.context.catalog.revisions(policy.ref.region).find((published) => published.ref.revision === policy.ref.revision);
      if (known) continue;
      try {
        await this.publishPolicy({ policy, reason: 'shipped policy pack', document: null }, { actor: 'system:seed-packs' });
      } catch (error) {
        // A store that failed verification refuses writes; the service still starts to answer reads
        // and to say why, and the packs are published on the first start after the store is restored.
        if (error instanceof StoreNotWritable) return;
        throw error;
      }
    }
  }
}
