import type { EventStoreConfig } from '../event-store/create-event-store';
import type { LagReport } from './projection.runner';
import type { WalCheckpoints } from '../shared/wal-checkpointer';

/** What the projection thread is started with: where the store and the read database are. */
export interface ProjectionThreadData {
  readonly store: EventStoreConfig;
  /** DATA_DIR: `read-models.sqlite` is opened there, beside the service's own connection to it. */
  readonly dataDir: string;
  /** The embedded store's fallback poll; the writer's commits wake the thread sooner. */
  readonly pollIntervalMs?: number;
  /** WAL_CHECKPOINTS, for the read database the thread writes. */
  readonly walCheckpoints?: WalCheckpoints;
}

/** From the service to the projection thread. */
export type ToProjectionThread =
  | { readonly kind: 'appended' }
  | { readonly kind: 'lag'; readonly id: number }
  | { readonly kind: 'stop' };

/** From the projection thread to the service. Positions travel as decimal strings (structured clone keeps bigint, but logs and tests read strings). */
export type FromProjectionThread =
  | { readonly kind: 'started'; readonly answering: string }
  | { readonly kind: 'position'; readonly answering: string }
  | { readonly kind: 'lag'; readonly id: number; readonly report: LagReport }
  | { readonly kind: 'log'; readonly level: 'info' | 'warn'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'stopped' };
