import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './api/app.factory';
import { AppConfig, ConfigValidationError } from './config/app.config';

/**
 * Starts the HTTP service with settings from the environment (see docs/running.md). SIGTERM and
 * SIGINT close the application, which closes the event store last.
 */
const main = async (): Promise<void> => {
  // Every file the service creates (databases, tokens, keys) is owner-only, whatever the shell's umask.
  process.umask(0o077);
  const app = await createApp();
  app.enableShutdownHooks();
  const { port, eventStoreBackend, dataDir, security } = app.get(AppConfig);
  await app.listen(port, security.host);
  const where = eventStoreBackend === 'sqlite' ? `SQLite in ${dataDir}` : 'EventStoreDB';
  new Logger('main').log(`benefits-ledger listening on ${await app.getUrl()}, events in ${where}`);
};

main().catch((error: unknown) => {
  // A configuration error is an operator's to fix: print the list, not a stack trace.
  if (error instanceof ConfigValidationError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`benefits-ledger failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
