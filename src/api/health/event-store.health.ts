import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/app.config';
import type { EventStore } from '../../event-store/event-store.port';
import type { HealthStatus } from '../../shared/health.port';
import { embeddedStoreOf } from '../../integrity/guarded-event-store';
import { EVENT_STORE } from '../infrastructure/tokens';
import { HealthIndicatorRegistry } from './health-indicator.registry';

/** A probe must answer even when a remote node hangs; past this the store counts as down. */
export const EVENT_STORE_PROBE_TIMEOUT_MS = 3000;

/**
 * Reports the store up when it answers `headPosition()` in time, with the position, so an operator
 * can also see that writes advance it. It is a real round trip to the store: SQLite reads its last
 * row, EventStoreDB reads the end of `$all`. The embedded store is down once a sync of its log has
 * failed: it refuses every append until the service is restarted.
 */
@Injectable()
export class EventStoreHealthIndicator implements OnModuleInit {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly config: AppConfig,
    private readonly registry: HealthIndicatorRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.registerProbe({ key: 'eventStore', probe: () => this.probe() });
  }

  private async probe(): Promise<HealthStatus> {
    const backend = this.config.eventStoreBackend;
    try {
      const head = await withTimeout(this.store.headPosition(), EVENT_STORE_PROBE_TIMEOUT_MS);
      const refusal = embeddedStoreOf(this.store)?.writeRefusal() ?? null;
      if (refusal !== null) return { up: false, details: { backend, headPosition: head.toString(), message: refusal } };
      return { up: true, details: { backend, headPosition: head.toString(), ...this.walCheckpoints() } };
    } catch (error: unknown) {
      return { up: false, details: { backend, message: error instanceof Error ? error.message : String(error) } };
    }
  }

  /**
   * The checkpoint thread, when the store has one (WAL_CHECKPOINTS=thread): a failed thread does not
   * take the store down (the writer checkpoints inline again), but the operator should know why.
   */
  private walCheckpoints(): { walCheckpoints?: Record<string, unknown> } {
    const status = embeddedStoreOf(this.store)?.checkpointStatus() ?? null;
    if (status === null) return {};
    const { running, checkpoints, failure } = status;
    return { walCheckpoints: running ? { on: 'thread', checkpoints } : { on: 'inline', checkpoints, failure } };
  }
}

const withTimeout = <T>(work: Promise<T>, timeoutMs: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
};
