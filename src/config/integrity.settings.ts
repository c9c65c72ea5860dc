import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ConfigIssue } from './app.config';
import { parseBoundedInteger } from './bounded-integer';

/**
 * How the service keeps its tamper evidence (docs/running.md, "Tamper evidence"): the key its
 * checkpoints are signed with, how often it signs one, and how often it checks the whole store and
 * the read models on its own.
 */
export interface IntegritySettings {
  /** SIGNING_KEY_FILE: absolute path of a PKCS#8 PEM Ed25519 private key. */
  readonly signingKeyFile: string | undefined;
  /** SIGNING_KEY: the PEM text itself. Neither set: a key generated into DATA_DIR on first start. */
  readonly signingKeyPem: string | undefined;
  /** CHECKPOINT_EVERY_EVENTS: sign a checkpoint after this many events. */
  readonly checkpointEveryEvents: number;
  /** CHECKPOINT_INTERVAL_SECONDS: and at least this often while events arrive. */
  readonly checkpointIntervalSeconds: number;
  /** FULL_VERIFY_EVERY_HOURS: the service verifies the whole store this often (0: only when asked). */
  readonly fullVerifyEveryHours: number;
  /** FULL_VERIFY_FIRST_AFTER_SECONDS: its first full verification this long after start-up. */
  readonly fullVerifyFirstAfterSeconds: number;
  /**
   * READ_MODELS_VERIFY_EVERY_HOURS: the service compares its read models with a rebuild from the
   * events this often (0, the default: only `benefits-ledger projections verify` does). Off by
   * default because a check costs a rebuild's CPU, the read models' size again in scratch space, and
   * WAL growth of the read database while it runs (docs/projections.md).
   */
  readonly readModelsVerifyEveryHours: number;
  /** READ_MODELS_VERIFY_FIRST_AFTER_SECONDS: its first check this long after start-up. */
  readonly readModelsVerifyFirstAfterSeconds: number;
}

export const DEFAULT_INTEGRITY_SETTINGS: IntegritySettings = {
  signingKeyFile: undefined,
  signingKeyPem: undefined,
  checkpointEveryEvents: 1000,
  checkpointIntervalSeconds: 60,
  fullVerifyEveryHours: 24,
  fullVerifyFirstAfterSeconds: 300,
  readModelsVerifyEveryHours: 0,
  readModelsVerifyFirstAfterSeconds: 900,
};

export const parseIntegritySettings = (read: (name: string) => string | undefined, issues: ConfigIssue[]): IntegritySettings => {
  const keyFileText = read('SIGNING_KEY_FILE');
  const signingKeyPem = read('SIGNING_KEY');
  let signingKeyFile: string | undefined;
  if (keyFileText !== undefined && signingKeyPem !== undefined) {
    issues.push({ variable: 'SIGNING_KEY_FILE', rule: 'must not be set together with SIGNING_KEY (give the key one way)', value: keyFileText });
  } else if (keyFileText !== undefined) {
    signingKeyFile = resolve(keyFileText);
    if (!isEd25519PrivateKey(() => readFileSync(signingKeyFile!))) {
      issues.push({ variable: 'SIGNING_KEY_FILE', rule: 'must name a readable file holding an Ed25519 private key (PKCS#8 PEM)', value: keyFileText });
    }
  } else if (signingKeyPem !== undefined && !isEd25519PrivateKey(() => signingKeyPem)) {
    // The value is a secret: it is never echoed back.
    issues.push({ variable: 'SIGNING_KEY', rule: 'must be an Ed25519 private key in PKCS#8 PEM', value: '(hidden)' });
  }
  return {
    signingKeyFile,
    signingKeyPem,
    checkpointEveryEvents: parseBoundedInteger(read, 'CHECKPOINT_EVERY_EVENTS', 1, 1_000_000, DEFAULT_INTEGRITY_SETTINGS.checkpointEveryEvents, issues),
    checkpointIntervalSeconds: parseBoundedInteger(read, 'CHECKPOINT_INTERVAL_SECONDS', 1, 86_400, DEFAULT_INTEGRITY_SETTINGS.checkpointIntervalSeconds, issues),
    fullVerifyEveryHours: parseBoundedInteger(read, 'FULL_VERIFY_EVERY_HOURS', 0, 8_760, DEFAULT_INTEGRITY_SETTINGS.fullVerifyEveryHours, issues),
    fullVerifyFirstAfterSeconds: parseBoundedInteger(read, 'FULL_VERIFY_FIRST_AFTER_SECONDS', 0, 86_400, DEFAULT_INTEGRITY_SETTINGS.fullVerifyFirstAfterSeconds, issues),
    readModelsVerifyEveryHours: parseBoundedInteger(read, 'READ_MODELS_VERIFY_EVERY_HOURS', 0, 8_760, DEFAULT_INTEGRITY_SETTINGS.readModelsVerifyEveryHours, issues),
    readModelsVerifyFirstAfterSeconds: parseBoundedInteger(read, 'READ_MODELS_VERIFY_FIRST_AFTER_SECONDS', 0, 86_400, DEFAULT_INTEGRITY_SETTINGS.readModelsVerifyFirstAfterSeconds, issues),
  };
};

const isEd25519PrivateKey = (source: () => string | Buffer): boolean => {
  try {
    return createPrivateKey(source()).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
};
