import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store.adapter';
import type { Checkpoint } from './checkpoint';
import { verifyIntegrity } from './integrity-verifier';
import { publicKeyFromPem } from './signing-key';

/** The verification job run in a worker thread: a read-only connection of its own, progress posted back. */
export interface VerifyJob {
  readonly dataDir: string;
  readonly publicKeyPem: string;
  readonly witnesses: ReadonlyArray<Checkpoint | null>;
  /** Resume the global walk at the newest signed checkpoint the store still matches. */
  readonly incremental: boolean;
}

const run = async (job: VerifyJob): Promise<void> => {
  const store = new SqliteEventStore(job.dataDir, { readonly: true });
  try {
    const report = await verifyIntegrity(store, {
      publicKey: publicKeyFromPem(job.publicKeyPem),
      witnesses: job.witnesses,
      incremental: job.incremental,
      progress: (position, checked) => parentPort?.postMessage({ kind: 'progress', position, checked }),
    });
    parentPort?.postMessage({ kind: 'done', report });
  } finally {
    await store.close();
  }
};

run(workerData as VerifyJob).catch((error: unknown) => parentPort?.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }));
