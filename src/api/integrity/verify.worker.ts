import { createPublicKey } from 'node:crypto';
import { createEventStore, type EventStoreConfig } from '../../event-store/create-event-store';
import { readWitnessFile } from '../../integrity/checkpoint';
import { verifyIntegrity } from '../../integrity/integrity-verifier';
import { keyIdOf } from '../../integrity/signing-key';
import { integrityReportJson, type IntegrityReportJson } from '../../integrity/verify-report-text';
import { serveWorkerJob } from '../../shared/worker-job';

/** What a verification thread is given: where the store is, the checkpoints' public key, the witness file. */
export interface VerifyWorkerJob {
  readonly store: EventStoreConfig;
  readonly publicKeyPem: string;
  readonly witnessFile: string;
  /** The access log, whose hash chain the report covers too. */
  readonly accessLogFile: string;
}

/**
 * Worker-thread entry of `GET /audit/verify`: opens its own connection to the store, verifies every
 * chain and the signed checkpoints, and answers the JSON report. Walking the store takes seconds at
 * scale; on its own thread it leaves the service's event loop free (`/health` keeps answering).
 */
serveWorkerJob<VerifyWorkerJob, never, IntegrityReportJson>(async ({ store: config, publicKeyPem, witnessFile, accessLogFile }) => {
  const store = createEventStore(config);
  try {
    const publicKey = createPublicKey(publicKeyPem);
    return integrityReportJson(await verifyIntegrity(store, { publicKey: { publicKey, keyId: keyIdOf(publicKey) }, witnesses: readWitnessFile(witnessFile), accessLogFile }));
  } finally {
    await store.close();
  }
});
