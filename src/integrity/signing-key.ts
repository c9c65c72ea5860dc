import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the embedded default keeps its generated key, inside DATA_DIR. */
export const DEFAULT_SIGNING_KEY_FILE = 'checkpoint-signing-key.pem';

export interface SigningKeySettings {
  /** A PKCS#8 PEM file holding an Ed25519 private key (SIGNING_KEY_FILE). */
  readonly keyFile?: string;
  /** The PEM text itself (SIGNING_KEY), for secret stores that hand keys over as variables. */
  readonly keyPem?: string;
  /** Where to generate a key on first start when neither is given. */
  readonly dataDir: string;
}

/** The checkpoint signer's key: the private half signs, the public half is published for witnesses. */
export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** SPKI PEM of the public key, as `GET /audit/public-key` serves it. */
  readonly publicKeyPem: string;
  /** First 16 hex digits of the SHA-256 of the public key's DER: names the key in every checkpoint. */
  readonly keyId: string;
  /** The file the key came from or was generated into; null when it came from SIGNING_KEY. Log this, never the key. */
  readonly path: string | null;
  readonly generated: boolean;
}

/** A verifier needs only the public half (a witness holds nothing else). */
export interface PublicKey {
  readonly publicKey: KeyObject;
  readonly keyId: string;
}

export const keyIdOf = (publicKey: KeyObject): string =>
  createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);

const fromPrivate = (privateKey: KeyObject, path: string | null, generated: boolean): SigningKey => {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the checkpoint signing key must be Ed25519, got ${privateKey.asymmetricKeyType ?? 'unknown'}`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: keyIdOf(publicKey), path, generated };
};

/**
 * Loads the key from SIGNING_KEY_FILE or SIGNING_KEY; without either, reads the embedded default in
 * DATA_DIR, generating it (mode 0600) on first start.
 */
export const loadSigningKey = (settings: SigningKeySettings): SigningKey => {
  if (settings.keyPem !== undefined) return fromPrivate(createPrivateKey(settings.keyPem), null, false);
  if (settings.keyFile !== undefined) return fromPrivate(createPrivateKey(readFileSync(settings.keyFile)), settings.keyFile, false);
  const path = join(settings.dataDir, DEFAULT_SIGNING_KEY_FILE);
  if (existsSync(path)) return fromPrivate(createPrivateKey(readFileSync(path)), path, false);
  mkdirSync(settings.dataDir, { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  // 'wx' refuses to overwrite a key another process generated in the meantime.
  writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return fromPrivate(privateKey, path, true);
};

export const publicKeyFromPem = (pem: string): PublicKey => {
  const publicKey = createPublicKey(pem);
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error('the checkpoint public key must be Ed25519');
  return { publicKey, keyId: keyIdOf(publicKey) };
};

export const signText = (key: SigningKey, text: string): string => sign(null, Buffer.from(text, 'utf8'), key.privateKey).toString('base64');

export const verifyText = (key: PublicKey, text: string, signature: string): boolean => {
  try {
    return verify(null, Buffer.from(text, 'utf8'), key.publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
};
