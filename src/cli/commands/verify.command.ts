import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { ACCESS_LOG_FILE } from '../../access-log/sqlite-access-log';
import { validateEnvironment } from '../../config/app.config';
import { parseCheckpoint, readWitnessFile, type Checkpoint } from '../../integrity/checkpoint';
import { verifyIntegrity, type IntegrityReport } from '../../integrity/integrity-verifier';
import { DEFAULT_SIGNING_KEY_FILE, keyIdOf, loadSigningKey, publicKeyFromPem, type PublicKey } from '../../integrity/signing-key';
import { WITNESS_FILE } from '../../integrity/witness.file';
import { describeFindings, integrityReportJson } from '../../integrity/verify-report-text';
import { openStoreFromEnvironment, processCommandOutput, type CommandOutput, type Environment } from './projections-environment';

/** Exit code when anything is broken: a chain, a checkpoint, or the file itself. */
export const EXIT_CHAIN_BROKEN = 1;

export interface VerifyOptions {
  readonly json?: boolean;
  /** The Ed25519 public key (SPKI PEM) to check checkpoints with, obtained independently of the data directory. */
  readonly publicKey?: string;
  /** Checkpoint copies a consumer kept (JSON lines, or the JSON of GET /audit/checkpoints). */
  readonly witness?: readonly string[];
}

/**
 * `benefits-ledger verify [--json] [--public-key <pem>] [--witness <file>…]`: verifies every stream's
 * hash chain, the global chain, every signed checkpoint (signature, and that its position is still
 * there unchanged) and, for the embedded store, the file itself. Prints which kind of forgery each
 * problem shows and where. Exit code 0 when everything holds, 1 otherwise.
 */
export const verifyCommand = async (options: VerifyOptions = {}, env: Environment = process.env, output: CommandOutput = processCommandOutput()): Promise<number> => {
  const config = validateEnvironment(env);
  const key = publicKeyFor(options, config);
  const witnesses = [...readWitnessFile(join(config.dataDir, WITNESS_FILE)), ...(options.witness ?? []).flatMap(readWitnessCopy)];
  let report: IntegrityReport;
  try {
    const { store } = openStoreFromEnvironment(env);
    try {
      report = await verifyIntegrity(store, { publicKey: key, witnesses, accessLogFile: join(config.dataDir, ACCESS_LOG_FILE) });
    } finally {
      await store.close();
    }
  } catch (error) {
    output.stdout(`BROKEN: unreadable: the store cannot be opened or read: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_CHAIN_BROKEN;
  }
  output.stdout(options.json === true ? `${JSON.stringify(integrityReportJson(report), null, 2)}\n` : describeReport(report));
  return report.ok ? 0 : EXIT_CHAIN_BROKEN;
};

export const describeReport = (report: IntegrityReport): string => {
  const summary =
    `${report.ok ? 'OK' : 'BROKEN'}: ${report.streamsChecked} streams, ${report.eventsChecked} events checked; ` +
    `global chain ${report.globalEventsChecked} events to position ${report.headPosition}, ${report.checkpointsChecked} signed checkpoints` +
    (report.accessLogEntriesChecked === null ? '' : `; access log ${report.accessLogEntriesChecked} entries`);
  return [summary, ...describeFindings(report).map((line) => `  ${line}`)].join('\n') + '\n';
};

/**
 * The key to check checkpoints with: given on the command line (best: a copy kept apart from the
 * data), else the configured signing key's public half. Without any, a throw-away key is used, so
 * every checkpoint is reported as not verifiable rather than silently trusted.
 */
const publicKeyFor = (options: VerifyOptions, config: ReturnType<typeof validateEnvironment>): PublicKey => {
  if (options.publicKey !== undefined) return publicKeyFromPem(readFileSync(options.publicKey, 'utf8'));
  const { signingKeyFile, signingKeyPem } = config.integrity;
  if (signingKeyFile !== undefined || signingKeyPem !== undefined || existsSync(join(config.dataDir, DEFAULT_SIGNING_KEY_FILE))) {
    return loadSigningKey({ keyFile: signingKeyFile, keyPem: signingKeyPem, dataDir: config.dataDir });
  }
  const { publicKey } = generateKeyPairSync('ed25519');
  return { publicKey, keyId: keyIdOf(publicKey) };
};

/** A witness copy: JSON lines of checkpoints, or a saved page of GET /audit/checkpoints. */
const readWitnessCopy = (path: string): Array<Checkpoint | null> => {
  const text = readFileSync(path, 'utf8').trim();
  if (text.startsWith('{') && text.includes('"checkpoints"')) {
    const page = JSON.parse(text) as { checkpoints?: unknown[] };
    return (page.checkpoints ?? []).map(parseCheckpoint);
  }
  return readWitnessFile(path);
};

export const registerVerifyCommand = (program: Command): void => {
  program
    .command('verify')
    .description('Verify every stream chain, the global chain, the signed checkpoints and the store file (DATA_DIR / EVENTSTORE_URL); exit code 1 on a break')
    .option('--json', 'print the report as JSON')
    .option('--public-key <file>', 'Ed25519 public key (SPKI PEM) to check checkpoints with; default: the configured signing key')
    .option('--witness <file...>', 'checkpoint copies kept elsewhere (JSON lines, or a saved GET /audit/checkpoints page)')
    .action(async (options: VerifyOptions) => {
      process.exitCode = await verifyCommand(options);
    });
};
