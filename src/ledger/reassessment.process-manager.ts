import type { IdentityRecognized, IdentityRevoked, PolicyPublished } from '../domain/ledger.events';
import type { EventStore, RecordedEvent, Subscription } from '../event-store/event-store.port';
import { pagesOfAll } from '../event-store/paging';
import type { CheckpointStore } from './checkpoint.port';
import type { IdentityChangeEvent, Ledger } from './ledger.service';
import type { AppendedEvent } from './ledger.types';

export const PROCESS_MANAGER_NAME = 'automatic-reassessment';
const TRIGGERS = ['IdentityRecognized', 'IdentityRevoked', 'PolicyPublished'];
const PAGE = 500;
const ACTOR = 'system:automatic-reassessment';

/**
 * Automatic reassessment (domain contract §4): reacts to retroactive identity changes, and to
 * revisions whose pack asks for resettlement when statistics are published, by reassessing the
 * person-years they cover. Policy corrections are applied by the operator's Reassess command (after
 * a dry run), not here. It reads the store's global order from its
 * own checkpoint (a CheckpointStore, kept in the read database), never the in-process bus, so a crash between an
 * identity change and its reassessment is made good on restart. Every reaction is idempotent by its
 * correction id (`identity-<eventId>`, `policy-<region>-<revision>`): the ledger may already have
 * reacted synchronously, and then this appends nothing.
 */
export class ReassessmentProcessManager {
  private subscription: Subscription | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly ledger: Ledger,
    private readonly checkpoints: CheckpointStore,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** Handles every trigger recorded after the checkpoint; returns what the reactions appended. */
  async catchUp(): Promise<AppendedEvent[]> {
    const appended: AppendedEvent[] = [];
    for await (const events of pagesOfAll(this.store, { after: this.checkpoint(), pageSize: PAGE, filter: { eventTypes: TRIGGERS } })) {
      for (const event of events) appended.push(...(await this.handle(event)));
    }
    return appended;
  }

  /** Catches up, then follows the store live until `stop()`. */
  start(): void {
    if (this.running) return;
    this.subscription = this.store.subscribeToAll({ afterPosition: this.checkpoint(), filter: { eventTypes: TRIGGERS } });
    const subscription = this.subscription;
    this.running = (async () => {
      for await (const event of subscription) {
        if (event.position <= this.checkpoint()) continue;
        await this.handle(event).catch((error: unknown) => {
          // A failed reaction keeps its checkpoint, so it is retried on the next start; log and stop following.
          this.log(`automatic reassessment failed at position ${event.position}: ${(error as Error).message}`);
          throw error;
        });
      }
    })().catch(() => undefined);
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    await this.running;
    this.subscription = null;
    this.running = null;
  }

  checkpoint(): bigint {
    return this.checkpoints.read(PROCESS_MANAGER_NAME);
  }

  private async handle(event: RecordedEvent): Promise<AppendedEvent[]> {
    const meta = { actor: ACTOR, correlationId: event.metadata.correlationId };
    let appended: AppendedEvent[] = [];
    if (event.type === 'IdentityRecognized' || event.type === 'IdentityRevoked') {
      const cause = { eventId: event.metadata.eventId, type: event.type, data: event.data } as IdentityChangeEvent;
      appended = await this.ledger.reactToIdentityChange(cause, meta);
    } else if (event.type === 'PolicyPublished') {
      const report = await this.ledger.reactToPolicyPublished({ eventId: event.metadata.eventId, data: event.data as PolicyPublished['data'] }, meta);
      appended = report ? [...report.events] : [];
    }
    // The checkpoint moves only after the reaction's events are durable: at-least-once, made exactly-once by the correction ids.
    this.checkpoints.save(PROCESS_MANAGER_NAME, event.position);
    return appended;
  }
}

export type { IdentityRecognized, IdentityRevoked };
