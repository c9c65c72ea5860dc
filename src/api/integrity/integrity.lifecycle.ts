import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { join } from 'node:path';
import { AppConfig } from '../../config/app.config';
import { isGlobalChainSource, type EventStore } from '../../event-store/event-store.port';
import { UpcastingEventStore } from '../../event-store/upcasters';
import { EVENT_STORE } from '../infrastructure/tokens';
import { readWitnessFile } from '../../integrity/checkpoint';
import type { CheckpointSigner } from '../../integrity/checkpoint-signer';
import { verifyIntegrity, type IntegrityReport, type VerifiedAnchor } from '../../integrity/integrity-verifier';
import type { SigningKey } from '../../integrity/signing-key';
import { verifyInWorker } from '../../integrity/verify-in-worker';
import { describeFindings } from '../../integrity/verify-report-text';
import { IntegrityState } from './integrity-state';
import { CHECKPOINT_SIGNER, SIGNING_KEY } from './integrity.tokens';
import { WITNESS_FILE, readAnchor, writeAnchor } from './verified-anchor.file';

/** Stores with fewer new events than this are verified in-process: a worker's start-up costs more than the work. */
export const IN_PROCESS_MAX_EVENTS = 5_000;
const PROGRESS_LOG_INTERVAL_MS = 2_000;

/**
 * Start-up verification: before the service accepts a write, the store is verified from the last
 * verified checkpoint on (a worker thread for the embedded store when there is much to check), with
 * progress in the log. A break refuses every write; a pass starts the checkpoint signer.
 */
@Injectable()
export class IntegrityLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Integrity');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SIGNING_KEY) private readonly key: SigningKey,
    @Inject(CHECKPOINT_SIGNER) private readonly signer: CheckpointSigner,
    private readonly config: AppConfig,
    private readonly state: IntegrityState,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    let report: IntegrityReport;
    try {
      report = await this.verify();
    } catch (error) {
      const reason = `the event store could not be verified: ${error instanceof Error ? error.message : String(error)}`;
      this.logger.error(reason);
      this.state.broken(reason);
      return;
    }
    if (!report.ok) {
      const reason = `the event store failed verification: ${describeFindings(report).slice(0, 5).join('; ')}`;
      this.logger.error(reason);
      this.state.broken(reason);
      return;
    }
    this.state.verified(`verified up to position ${report.headPosition}`);
    this.logger.log(`event store verified: ${report.globalEventsChecked} events from the last verified checkpoint, ${report.checkpointsChecked} checkpoints`);
    await this.saveAnchor(report);
    this.signer.start({ position: report.headPosition, globalHash: report.headGlobalHash });
  }

  async beforeApplicationShutdown(): Promise<void> {
    // The last events are signed on the way out, unless the store is broken: a forgery is never signed.
    if (this.state.writable) await this.signer.signNow().catch((error: unknown) => this.logger.warn(`final checkpoint not signed: ${String(error)}`));
    await this.signer.stop();
  }

  private async verify(): Promise<IntegrityReport> {
    const dataDir = this.config.dataDir;
    const witnesses = readWitnessFile(join(dataDir, WITNESS_FILE));
    const inner = this.store instanceof UpcastingEventStore ? this.store.stored : this.store;
    const embedded = isGlobalChainSource(inner);
    const from = embedded ? readAnchor(dataDir) : null;
    const progress = this.progressLogger();
    const head = await this.store.headPosition();
    if (embedded && head - (from?.position ?? 0n) > BigInt(IN_PROCESS_MAX_EVENTS)) {
      this.logger.log(`verifying the event store in a worker thread from position ${from?.position ?? 0n} to ${head}`);
      return verifyInWorker({ dataDir, publicKeyPem: this.key.publicKeyPem, witnesses, from }, progress);
    }
    return verifyIntegrity(this.store, { publicKey: this.key, witnesses, from, progress });
  }

  private progressLogger(): (position: bigint, checked: number) => void {
    let last = Date.now();
    return (position, checked) => {
      if (Date.now() - last < PROGRESS_LOG_INTERVAL_MS) return;
      last = Date.now();
      this.logger.log(`verification progress: ${checked} events checked, at position ${position}`);
    };
  }

  private async saveAnchor(report: IntegrityReport): Promise<void> {
    const inner = this.store instanceof UpcastingEventStore ? this.store.stored : this.store;
    const checkpoint = report.lastVerifiedCheckpoint;
    if (!checkpoint || !isGlobalChainSource(inner)) return;
    const position = BigInt(checkpoint.position);
    const anchor: VerifiedAnchor = { position, globalHash: checkpoint.globalHash, eventCount: await inner.countUpTo(position) };
    writeAnchor(this.config.dataDir, anchor);
  }
}
