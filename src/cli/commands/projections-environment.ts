import { validateEnvironment, type AppConfig, type WalCheckpoints } from '../../config/app.config';
import { createEventStore } from '../../event-store/create-event-store';
import type { EventStore } from '../../event-store/event-store.port';
import { CLAIM_RESERVATION_SOURCE } from '../../ledger/claim-id-reused';
import { openReadDatabase, type ReadDatabase } from '../../projections/read-database';

/** What the projection and verify commands print to; tests pass their own. */
export interface CommandOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (the progress bar is drawn only then). */
  readonly interactive: boolean;
}

export const processCommandOutput = (): CommandOutput => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interactive: process.stderr.isTTY === true,
});

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Opens the store the service would open, from the same variables (`DATA_DIR`, `EVENTSTORE_URL`)
 * and the same validation, so a command never works on a different store than the server.
 */
export const openStoreFromEnvironment = (env: Environment): { readonly store: EventStore; readonly dataDir: string; readonly walCheckpoints: WalCheckpoints; readonly config: AppConfig } => {
  const config = validateEnvironment(env);
  // The claim reservations as the service keeps them: filled in on a store that never had them, and
  // checked against the recorded settlements when a command of the CLI settles a claim.
  const store = createEventStore({ dataDir: config.dataDir, eventStoreUrl: config.eventStoreUrl, reservationSources: [CLAIM_RESERVATION_SOURCE] });
  return { store, dataDir: config.dataDir, walCheckpoints: config.walCheckpoints, config };
};

/** The store and the read database of the data directory, closed together. */
export const openProjectionEnvironment = (
  env: Environment,
): { readonly store: EventStore; readonly db: ReadDatabase; readonly walCheckpoints: WalCheckpoints; close(): Promise<void> } => {
  const { store, dataDir, walCheckpoints } = openStoreFromEnvironment(env);
  const db = openReadDatabase(dataDir);
  return {
    store,
    db,
    walCheckpoints,
    close: async () => {
      db.close();
      await store.close();
    },
  };
};
