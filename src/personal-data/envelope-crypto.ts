import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM sealing with a fresh 96-bit nonce per message: `nonce ‖ tag ‖ ciphertext`. The
 * associated data binds a ciphertext to its row (the person id, the key id), so a record or a
 * wrapped key copied onto another person's row fails authentication instead of decrypting.
 */
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export const seal = (key: Buffer, plaintext: Buffer, associatedData: string): Buffer => {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), ciphertext]);
};

/** Throws when the key is wrong or the bytes or the associated data were altered. */
export const open = (key: Buffer, sealed: Buffer, associatedData: string): Buffer => {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) throw new Error('sealed value is too short');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(sealed.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]);
};

export const hmacHex = (key: Buffer, text: string): string => createHmac('sha256', key).update(text, 'utf8').digest('hex');

export const newDataKey = (): Buffer => randomBytes(32);
