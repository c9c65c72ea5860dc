import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { HealthProbe } from '../../shared/health.port';

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
 * state in the health report register here when they start. A part below the edge offers a
 * framework-free `HealthProbe` (src/shared/health.port.ts), for example the projection runner's lag:
 *
 *   onModuleInit() { registry.registerProbe(projectionsHealth(runner)); }
 *
 * The module is global, so no import is needed.
 */
@Injectable()
export class HealthIndicatorRegistry {
  private readonly indicators = new Map<string, LedgerHealthIndicator>();

  constructor(private readonly health: HealthIndicatorService) {}

  register(indicator: LedgerHealthIndicator): void {
    if (this.indicators.has(indicator.key)) throw new Error(`health indicator "${indicator.key}" is already registered`);
    if (this.indicators.size >= MAX_HEALTH_INDICATORS) throw new Error(`more than ${MAX_HEALTH_INDICATORS} health indicators`);
    this.indicators.set(indicator.key, indicator);
  }

  /** Adapts a framework-free probe to a Terminus indicator; a probe that throws counts as down. */
  registerProbe(probe: HealthProbe): void {
    this.register({
      key: probe.key,
      check: async () => {
        const session = this.health.check(probe.key);
        try {
          const status = await probe.probe();
          return status.up ? session.up(status.details) : session.down(status.details);
        } catch (error: unknown) {
          return session.down({ message: error instanceof Error ? error.message : String(error) });
        }
      },
    });
  }

  list(): readonly LedgerHealthIndicator[] {
    return [...this.indicators.values()];
  }
}
