import { parentPort, workerData } from 'node:worker_threads';
import { openFollowingStore } from '../event-store/create-event-store';
import { LEDGER_PROJECTIONS } from './ledger-projections';
import type { FromProjectionThread, ProjectionThreadData, ToProjectionThread } from './projection-thread.messages';
import { ProjectionRunner } from './projection.runner';
import { openReadDatabase } from './read-database';

/**
 * The projection thread: the ledger's projection runner with its own read-only connection to the store
 * and its own connection to the read database, so projecting never holds the service's event loop.
 * It reports the position the answering read models hold after every committed batch; the service
 * tells it when the writer committed (so it reads at once instead of at its next poll), asks for the
 * lag, and asks it to stop.
 */
const serveProjections = (data: ProjectionThreadData): void => {
  const port = parentPort!;
  const post = (message: FromProjectionThread): void => port.postMessage(message);
  const following = openFollowingStore(data.store, data.pollIntervalMs);
  const db = openReadDatabase(data.dataDir);
  const runner: ProjectionRunner = new ProjectionRunner(following.store, db, LEDGER_PROJECTIONS, {
    log: (level, message) => post({ kind: 'log', level, message }),
    onBatch: () => post({ kind: 'position', answering: runner.answeringPosition().toString() }),
    walCheckpoints: data.walCheckpoints,
  });
  const stop = async (): Promise<void> => {
    await runner.stop();
    await following.store.close();
    if (db.open) db.close();
    post({ kind: 'stopped' });
    port.close();
  };
  port.on('message', (message: ToProjectionThread) => {
    if (message.kind === 'appended') following.wake();
    else if (message.kind === 'lag') {
      runner
        .lag()
        .then((report) => post({ kind: 'lag', id: message.id, report }))
        .catch((error: unknown) => post({ kind: 'log', level: 'warn', message: `lag report failed: ${describe(error)}` }));
    } else void stop();
  });
  runner
    .start()
    .then(() => post({ kind: 'started', answering: runner.answeringPosition().toString() }))
    .catch((error: unknown) => post({ kind: 'failed', message: describe(error) }));
};

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

if (parentPort) serveProjections(workerData as ProjectionThreadData);
