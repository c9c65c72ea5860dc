import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The master key of the personal-data store and the keys derived from it. The master key never
 * encrypts data itself: it wraps each person's data key (so erasing a person destroys one small
 * key, and rotating the master key re-wraps keys without re-encrypting records) and keys the
 * HMAC index of 身份证号. Subkeys are derived with HKDF-SHA-256 under distinct labels, so the
 * wrapping key and the index key are independent even though one secret is configured.
 */

export const MASTER_KEY_BYTES = 32;
/** The file the embedded default generates in the data directory when no key is configured. */
export const DEFAULT_KEY_FILE = 'personal-data.key';

export interface MasterKey {
  /** Public, stable id of the key (16 hex characters), recorded beside every data key it wraps. */
  readonly id: string;
  /** AES-256-GCM key that wraps the per-person data keys. */
  readonly wrapKey: Buffer;
  /** HMAC-SHA-256 key of the 身份证号 index. */
  readonly indexKey: Buffer;
}

/** The current master key, and earlier ones kept only until every data key is re-wrapped. */
export interface MasterKeyRing {
  readonly current: MasterKey;
  readonly previous: readonly MasterKey[];
}

/** Where the master key comes from (settings; see docs/running.md and docs/security.md). */
export type MasterKeySource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'environment'; readonly value: string }
  | { readonly kind: 'generated'; readonly dataDir: string };

export interface MasterKeySettings {
  readonly source: MasterKeySource;
  /** Files holding earlier master keys, read while rotating (PERSONAL_DATA_PREVIOUS_KEY_FILES). */
  readonly previousKeyFiles: readonly string[];
}

export class MasterKeyError extends Error {
  override readonly name = 'MasterKeyError';
}

const derive = (secret: Buffer, label: string, bytes: number): Buffer =>
  Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `benefits-ledger/personal-data/${label}`, bytes));

export const deriveMasterKey = (secret: Buffer): MasterKey => {
  if (secret.length !== MASTER_KEY_BYTES) throw new MasterKeyError(`a master key must be ${MASTER_KEY_BYTES} bytes, got ${secret.length}`);
  // The id is a hash of a derived value, so publishing it (in the store, in logs) reveals nothing usable.
  const id = createHash('sha256').update(derive(secret, 'key-id/v1', 32)).digest('hex').slice(0, 16);
  return { id, wrapKey: derive(secret, 'wrap/v1', 32), indexKey: derive(secret, 'index/v1', 32) };
};

/** A key as written in a file or a variable: 32 bytes as base64 (44 characters) or hex (64). */
export const parseKeyText = (text: string): Buffer | null => {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) return Buffer.from(trimmed, 'base64');
  return null;
};

export const KEY_TEXT_RULE = `must hold ${MASTER_KEY_BYTES} random bytes as base64 (44 characters) or hex (64), e.g. from \`openssl rand -base64 32\``;

const readKeyFile = (path: string): MasterKey => {
  const secret = parseKeyText(readFileSync(path, 'utf8'));
  if (secret === null) throw new MasterKeyError(`personal-data key file ${path} ${KEY_TEXT_RULE}`);
  return deriveMasterKey(secret);
};

/**
 * Reads the configured key, or on the embedded default creates `DATA_DIR/personal-data.key` (0600)
 * on first start. `wx` makes the creation exclusive, so two processes starting at once (the service
 * and the CLI) never write two different keys: the second one reads the first one's.
 */
export const loadMasterKeys = (settings: MasterKeySettings): MasterKeyRing & { readonly generatedFile: string | null } => {
  const previous = settings.previousKeyFiles.map(readKeyFile);
  const { source } = settings;
  if (source.kind === 'file') return { current: readKeyFile(source.path), previous, generatedFile: null };
  if (source.kind === 'environment') {
    const secret = parseKeyText(source.value);
    if (secret === null) throw new MasterKeyError(`PERSONAL_DATA_KEY ${KEY_TEXT_RULE}`);
    return { current: deriveMasterKey(secret), previous, generatedFile: null };
  }
  const path = join(source.dataDir, DEFAULT_KEY_FILE);
  const created = createKeyFile(path);
  return { current: readKeyFile(path), previous, generatedFile: created ? path : null };
};

const createKeyFile = (path: string): boolean => {
  try {
    writeFileSync(path, `${randomBytes(MASTER_KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600); // the umask may have narrowed the mode further, never widened it; make it exact
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
};
