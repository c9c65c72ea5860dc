import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { HealthIndicatorRegistry } from '../health/health-indicator.registry';
import type { IntegrityGate } from '../../integrity/integrity-gate';
import { INTEGRITY_GATE } from '../infrastructure/tokens';

/** `GET /health` says whether the store passed verification; a break (or no verdict yet) is down, with the reason. */
@Injectable()
export class IntegrityHealthIndicator implements OnModuleInit {
  readonly key = 'integrity';

  constructor(
    @Inject(INTEGRITY_GATE) private readonly state: IntegrityGate,
    private readonly health: HealthIndicatorService,
    private readonly registry: HealthIndicatorRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register({ key: this.key, check: () => this.check() });
  }

  async check(): Promise<HealthIndicatorResult> {
    const session = this.health.check(this.key);
    const details = { verification: this.state.status, message: this.state.reason };
    return this.state.writable ? session.up(details) : session.down(details);
  }
}
