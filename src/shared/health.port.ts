/**
 * The health port: how a part below the HTTP edge (the projection runner, the store) reports its state
 * without knowing the framework that serves `GET /health`. The edge adapts each probe to a Terminus
 * indicator (src/api/health/health-indicator.registry.ts).
 */
export interface HealthStatus {
  readonly up: boolean;
  /** Shown under the probe's key in the health body. */
  readonly details: Readonly<Record<string, unknown>>;
}

export interface HealthProbe {
  /** Key of the result in the health body ("projections"); unique. */
  readonly key: string;
  probe(): Promise<HealthStatus>;
}
