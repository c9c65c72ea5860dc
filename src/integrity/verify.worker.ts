import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store.adapter';
import { serveWorkerJob } from '../shared/worker-job';
import type { Checkpoint } from './checkpoint';
import { verifyIntegrity, type IntegrityReport } from './integrity-verifier';
import { publicKeyFromPem } from './signing-key';

/** The verification job run in a worker thread: a read-only connection of its own, progress posted back. */
export interface VerifyJob {
  readonly dataDir: string;
  readonly publicKeyPem: string;
  readonly witnesses: ReadonlyArray<Checkpoint | null>;
  /** Resume the global walk at the newest signed checkpoint the store still matches. */
  readonly incremental: boolean;
}

export interface VerifyProgress {
  readonly position: bigint;
  readonly checked: number;
}

serveWorkerJob<VerifyJob, VerifyProgress, IntegrityReport>(async (job, progress) => {
  const store = new SqliteEventStore(job.dataDir, { readonly: true });
  try {
    return await verifyIntegrity(store, {
      publicKey: publicKeyFromPem(job.publicKeyPem),
      witnesses: job.witnesses,
      incremental: job.incremental,
      progress: (position, checked) => progress({ position, checked }),
    });
  } finally {
    await store.close();
  }
});
