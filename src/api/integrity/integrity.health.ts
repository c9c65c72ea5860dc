import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { IntegrityGate } from '../../integrity/integrity-gate';
import { HealthIndicatorRegistry } from '../health/health-indicator.registry';
import { INTEGRITY_GATE } from '../infrastructure/tokens';
import { FullVerification } from './full-verification';
import { ReadModelVerification } from './read-model-verification';

/**
 * `GET /health` says whether the store passed verification; a break (or no verdict yet) is down, with
 * the reason. Its details also say when the whole store was last verified and the read models last
 * checked, and what each found (a read-model difference leaves the service up: the events are intact).
 */
@Injectable()
export class IntegrityHealthIndicator implements OnModuleInit {
  constructor(
    @Inject(INTEGRITY_GATE) private readonly gate: IntegrityGate,
    private readonly registry: HealthIndicatorRegistry,
    private readonly fullVerification: FullVerification,
    private readonly readModels: ReadModelVerification,
  ) {}

  onModuleInit(): void {
    this.registry.registerProbe({
      key: 'integrity',
      probe: async () => ({ up: this.gate.writable, details: { verification: this.gate.status, message: this.gate.reason, lastFullVerification: this.fullVerification.last, lastReadModelCheck: this.readModels.last } }),
    });
  }
}
