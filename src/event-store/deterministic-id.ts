import { createHash } from 'node:crypto';

/**
 * Name-based UUIDs (RFC 4122 version 5, SHA-1). A command that is retried after a timeout must
 * produce the same event ids as its first attempt so the store can recognise the retry and turn it
 * into a no-op; deriving ids from the command's identity (instead of a random v4) gives that.
 *
 * With a UUID namespace and one part the result is the standard uuidv5(part, namespace). Any other
 * namespace string is first turned into 16 bytes by hashing it, so the namespace/name boundary
 * stays unambiguous. Several parts (or none) are encoded behind a 0xFF byte, which never occurs in
 * UTF-8, with each part length-prefixed, so ("ab", "c"), ("a", "bc") and ("a:bc") never collide.
 */
export const deterministicEventId = (namespace: string, ...parts: string[]): string => {
  const digest = createHash('sha1').update(namespaceBytes(namespace)).update(nameBytes(parts)).digest();
  // Version 5 in the high nibble of byte 6, the RFC 4122 variant (10xx) in byte 8.
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  return formatUuid(digest.subarray(0, 16));
};

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Namespaces are a handful of constants; each is turned into bytes once (a hash per id was a tenth of a reassessment's appends). */
const NAMESPACE_CACHE_ENTRIES = 64;
const namespaceCache = new Map<string, Buffer>();

const namespaceBytes = (namespace: string): Buffer => {
  const cached = namespaceCache.get(namespace);
  if (cached !== undefined) return cached;
  const bytes = UUID_PATTERN.test(namespace)
    ? Buffer.from(namespace.replace(/-/g, ''), 'hex')
    : createHash('sha1').update(`benefits-ledger/namespace:${namespace}`, 'utf8').digest().subarray(0, 16);
  if (namespaceCache.size < NAMESPACE_CACHE_ENTRIES) namespaceCache.set(namespace, bytes);
  return bytes;
};

const nameBytes = (parts: readonly string[]): Buffer => {
  if (parts.length === 1) return Buffer.from(parts[0]!, 'utf8');
  const chunks: Buffer[] = [Buffer.from([0xff])];
  for (const part of parts) {
    const bytes = Buffer.from(part, 'utf8');
    chunks.push(Buffer.from(`${bytes.length}:`, 'utf8'), bytes);
  }
  return Buffer.concat(chunks);
};

const formatUuid = (bytes: Buffer): string => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};
