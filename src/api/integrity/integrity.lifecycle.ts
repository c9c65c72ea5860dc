import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { accessLogHeadOf } from '../../integrity/checkpoint';
import type { CheckpointSigner } from '../../integrity/checkpoint-signer';
import type { IntegrityGate } from '../../integrity/integrity-gate';
import { INTEGRITY_GATE } from '../infrastructure/tokens';
import { CHECKPOINT_SIGNER } from './integrity.tokens';

/**
 * Starts the checkpoint signer from the head start-up verification found intact, and signs the last
 * events on the way out. A store that failed verification is never signed: a forgery must not
 * receive the ledger's signature.
 */
@Injectable()
export class IntegrityLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Integrity');

  constructor(
    @Inject(INTEGRITY_GATE) private readonly gate: IntegrityGate,
    @Inject(CHECKPOINT_SIGNER) private readonly signer: CheckpointSigner,
  ) {}

  onApplicationBootstrap(): void {
    const report = this.gate.report;
    if (!this.gate.writable || !report) return;
    const vouched = report.lastVerifiedCheckpoint ? accessLogHeadOf(report.lastVerifiedCheckpoint) : null;
    this.signer.start({ position: report.headPosition, globalHash: report.headGlobalHash, accessLogSequence: vouched?.sequence ?? 0 });
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.gate.writable) await this.signer.signNow().catch((error: unknown) => this.logger.warn(`final checkpoint not signed: ${String(error)}`));
    await this.signer.stop();
  }
}
