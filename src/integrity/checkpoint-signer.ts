import type { AccessLogHead } from '../access-log/access-chain';
import type { EventStore, RecordedEvent, Subscription } from '../event-store/event-store.port';
import { globalLink } from '../event-store/global-chain';
import { CHECKPOINT_STREAM, checkpointEvent, isCheckpointEvent, signCheckpoint, type Checkpoint } from './checkpoint';
import type { SigningKey } from './signing-key';
import { appendWitnessLine } from './witness.file';

export interface CheckpointSchedule {
  /** Sign once this many events (checkpoints themselves not counted) arrived since the last checkpoint. */
  readonly everyEvents: number;
  /** And at least this often while events keep arriving. */
  readonly everySeconds: number;
}

export interface CheckpointSignerOptions {
  readonly store: EventStore;
  readonly key: SigningKey;
  readonly schedule: CheckpointSchedule;
  /** A local witness copy (JSON lines) beside the store; null for none. */
  readonly witnessFile: string | null;
  /**
   * The access log's durable head (`SqliteAccessLog.durableHead`), signed into every checkpoint;
   * absent (or null) signs a v1 checkpoint, which vouches for nothing about the access log.
   */
  readonly accessLogHead?: () => AccessLogHead | null;
  readonly now?: () => Date;
  readonly log?: (message: string) => void;
}

/**
 * Follows the store's global order from a verified head, keeps the global hash, and signs a
 * checkpoint every N events or T seconds. A checkpoint is appended as an event to its own stream
 * (so it reaches the feed and every copy of the store) and to the local witness file. It also
 * carries the access log's durable head; reads append no events, so every T seconds a checkpoint is
 * signed as well when only the access log moved, else a service that is mostly read would leave its
 * log's recent entries unsigned, free to be removed.
 */
export class CheckpointSigner {
  private position = 0n;
  private globalHash = '';
  private pending = 0;
  /** The access log sequence the last checkpoint vouched for (0: none yet). */
  private signedAccessSequence = 0;
  private subscription: Subscription | null = null;
  private timer: NodeJS.Timeout | null = null;
  private following: Promise<void> | null = null;
  private signing: Promise<Checkpoint | null> = Promise.resolve(null);

  constructor(private readonly options: CheckpointSignerOptions) {}

  get head(): { position: bigint; globalHash: string } {
    return { position: this.position, globalHash: this.globalHash };
  }

  /**
   * Starts following after the verified head (position and global hash); `accessLogSequence` is what
   * the newest checkpoint vouched for, so a restart signs again only once the access log has moved.
   */
  start(from: { position: bigint; globalHash: string; accessLogSequence?: number }): void {
    this.position = from.position;
    this.globalHash = from.globalHash;
    this.signedAccessSequence = from.accessLogSequence ?? 0;
    const subscription = this.options.store.subscribeToAll({ afterPosition: from.position });
    this.subscription = subscription;
    this.following = this.follow(subscription);
    this.timer = setInterval(() => void this.signNow().catch((error: unknown) => this.options.log?.(`checkpoint failed: ${String(error)}`)), this.options.schedule.everySeconds * 1000);
    this.timer.unref();
  }

  /** Signs the current head now, if events arrived or the access log moved since the last checkpoint (tests and shutdown use it). */
  signNow(): Promise<Checkpoint | null> {
    // One signing at a time, in order; a failed one does not stop the next.
    const next = this.signing.catch(() => null).then(() => this.sign());
    this.signing = next;
    return next;
  }

  /** Resolves once the signer has followed the store up to `position`. */
  async caughtUp(position: bigint, timeoutMs = 5000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.position < position && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    return this.position >= position;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.subscription?.stop();
    await this.following;
    await this.signing.catch(() => null);
  }

  private async follow(subscription: Subscription): Promise<void> {
    for await (const event of subscription) {
      this.advance(event);
      if (this.pending >= this.options.schedule.everyEvents) await this.signNow().catch((error: unknown) => this.options.log?.(`checkpoint failed: ${String(error)}`));
    }
  }

  private advance(event: RecordedEvent): void {
    this.globalHash = globalLink(this.globalHash, { position: event.position, streamName: event.streamName, revision: event.revision, hash: event.metadata.hash });
    this.position = event.position;
    if (!isCheckpointEvent(event)) this.pending += 1;
  }

  private async sign(): Promise<Checkpoint | null> {
    // Read at signing time, after the syncs it reports: a head not yet on disk is never signed.
    const accessLog = this.options.accessLogHead?.() ?? null;
    const accessLogMoved = accessLog !== null && accessLog.sequence > this.signedAccessSequence;
    // A checkpoint needs a position to stand on: an empty store has no global hash to sign.
    if ((this.pending === 0 && !accessLogMoved) || this.position === 0n) return null;
    const checkpoint = signCheckpoint(this.options.key, this.position, this.globalHash, (this.options.now ?? (() => new Date()))(), accessLog);
    this.pending = 0;
    if (accessLog !== null) this.signedAccessSequence = Math.max(this.signedAccessSequence, accessLog.sequence);
    await this.options.store.appendToStream(CHECKPOINT_STREAM, [checkpointEvent(checkpoint)], 'any');
    if (this.options.witnessFile) appendWitnessLine(this.options.witnessFile, JSON.stringify(checkpoint));
    this.options.log?.(`checkpoint signed at position ${checkpoint.position}`);
    return checkpoint;
  }
}
