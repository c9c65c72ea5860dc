import { createHash } from 'node:crypto';

/**
 * Name-based UUIDs (RFC 4122 version 5, SHA-1). A command that is retried after a timeout must
 * produce the same event ids as its first attempt so the store can recognise the retry and turn it
 * into a no-op; deriving ids from the command's identity (instead of a random v4) gives that.
 *
 * The namespace is any string (not only a UUID): it is hashed together with the parts. Parts are
 * length-prefixed so ("ab", "c") and ("a", "bc") can never collide.
 */
export const deterministicEventId = (namespace: string, ...parts: string[]): string => {
  const hash = createHash('sha1');
  hash.update(namespaceBytes(namespace));
  for (const part of parts) {
    const bytes = Buffer.from(part, 'utf8');
    hash.update(`${bytes.length}:`);
    hash.update(bytes);
  }
  const digest = hash.digest();
  // Version 5 in the high nibble of byte 6, the RFC 4122 variant (10xx) in byte 8.
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  return formatUuid(digest.subarray(0, 16));
};

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID namespace contributes its 16 bytes, as RFC 4122 says; any other string its UTF-8 bytes. */
const namespaceBytes = (namespace: string): Buffer =>
  UUID_PATTERN.test(namespace) ? Buffer.from(namespace.replace(/-/g, ''), 'hex') : Buffer.from(`ns:${namespace}`, 'utf8');

const formatUuid = (bytes: Buffer): string => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};
