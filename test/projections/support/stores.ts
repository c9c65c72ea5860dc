import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '../../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store.adapter';
import { InMemoryEventStore } from '../../support/in-memory-event-store';

/** A store under test with its own temporary directory (for the store file, if any, and the read database). */
export interface StoreUnderTest {
  readonly store: EventStore;
  readonly dataDir: string;
  dispose(): Promise<void>;
}

export type StoreFactory = () => StoreUnderTest;

const withTempDir = (make: (dataDir: string) => EventStore): StoreUnderTest => {
  const dataDir = mkdtempSync(join(tmpdir(), 'projections-test-'));
  const store = make(dataDir);
  return {
    store,
    dataDir,
    dispose: async () => {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

/** Runner tests run against both: the in-memory port implementation and the real SQLite adapter. */
export const STORE_FACTORIES: ReadonlyArray<readonly [string, StoreFactory]> = [
  ['in-memory store', () => withTempDir(() => new InMemoryEventStore())],
  ['SQLite store', () => withTempDir((dataDir) => new SqliteEventStore(join(dataDir, 'events'), { pollIntervalMs: 20 }))],
];
