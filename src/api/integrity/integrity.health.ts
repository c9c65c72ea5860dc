import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { IntegrityGate } from '../../integrity/integrity-gate';
import { HealthIndicatorRegistry } from '../health/health-indicator.registry';
import { INTEGRITY_GATE } from '../infrastructure/tokens';
import { FullVerification } from './full-verification';

/**
 * `GET /health` says whether the store passed verification; a break (or no verdict yet) is down, with
 * the reason. Its details also say when the whole store was last verified and what that found.
 */
@Injectable()
export class IntegrityHealthIndicator implements OnModuleInit {
  constructor(
    @Inject(INTEGRITY_GATE) private readonly gate: IntegrityGate,
    private readonly registry: HealthIndicatorRegistry,
    private readonly fullVerification: FullVerification,
  ) {}

  onModuleInit(): void {
    this.registry.registerProbe({
      key: 'integrity',
      probe: async () => ({ up: this.gate.writable, details: { verification: this.gate.status, message: this.gate.reason, lastFullVerification: this.fullVerification.last } }),
    });
  }
}
