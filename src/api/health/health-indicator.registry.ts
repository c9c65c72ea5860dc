import { Injectable } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';

/** One named check that `GET /health` runs; build the result with Terminus' `HealthIndicatorService`. */
export interface LedgerHealthIndicator {
  /** Key of the result in the health body ("eventStore", "projections"); unique. */
  readonly key: string;
  check(): Promise<HealthIndicatorResult>;
}

/** A bound on registrations: checks run on every probe, so a runaway loop registering them would show as slow probes. */
export const MAX_HEALTH_INDICATORS = 32;

/**
 * The extension point of `GET /health`. Nest has no multi-providers, so modules that want their
 * state in the health report register an indicator here when they start, for example the
 * projection runner reporting its lag behind the store's head:
 *
 *   constructor(registry: HealthIndicatorRegistry, private readonly health: HealthIndicatorService) {}
 *   onModuleInit() { registry.register({ key: 'projections', check: () => this.lagCheck() }); }
 *
 * The module is global, so no import is needed.
 */
@Injectable()
export class HealthIndicatorRegistry {
  private readonly indicators = new Map<string, LedgerHealthIndicator>();

  register(indicator: LedgerHealthIndicator): void {
    if (this.indicators.has(indicator.key)) throw new Error(`health indicator "${indicator.key}" is already registered`);
    if (this.indicators.size >= MAX_HEALTH_INDICATORS) throw new Error(`more than ${MAX_HEALTH_INDICATORS} health indicators`);
    this.indicators.set(indicator.key, indicator);
  }

  list(): readonly LedgerHealthIndicator[] {
    return [...this.indicators.values()];
  }
}
