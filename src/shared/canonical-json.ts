/**
 * Canonical JSON: object keys sorted by code point, no whitespace, `undefined` members dropped.
 * It is what every hash in the ledger is taken over (the per-stream hash chain, pack content
 * hashes, claim hashes), so two processes that hold equal data always compute equal hashes.
 * Numbers must be safe integers; money travels as strings, so a float here is a bug worth refusing.
 *
 * Every appended event goes through here twice (data and metadata), so it is written for speed: one
 * string built by concatenation, keys sorted only when they are not in order already, and the
 * quoted form of recurring keys remembered (measured 2× faster than map/join on a `ClaimSettled`).
 */
export const canonicalJson = (value: unknown): string => {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) throw new TypeError(`canonicalJson: refusing non-integer number ${value}`);
      return String(value);
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'object':
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value as Record<string, unknown>);
    default:
      throw new TypeError(`canonicalJson: cannot encode ${typeof value}`);
  }
};

const canonicalArray = (items: readonly unknown[]): string => {
  let out = '[';
  for (let index = 0; index < items.length; index += 1) {
    if (index > 0) out += ',';
    const item = items[index];
    out += item === undefined ? 'null' : canonicalJson(item);
  }
  return `${out}]`;
};

const canonicalObject = (record: Record<string, unknown>): string => {
  let out = '{';
  let first = true;
  for (const key of sortedKeys(record)) {
    const member = record[key];
    if (member === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${quotedKey(key)}:${canonicalJson(member)}`;
  }
  return `${out}}`;
};

/** Objects built by the same code list their keys in the same order, often sorted already: then there is nothing to sort. */
const sortedKeys = (record: Record<string, unknown>): string[] => {
  const keys = Object.keys(record);
  for (let index = 1; index < keys.length; index += 1) {
    if (keys[index - 1]! > keys[index]!) return keys.sort();
  }
  return keys;
};

/** Keys recur in every event of a type; remembering their quoted form is bounded, as data may carry keys of its own. */
const QUOTED_KEYS_MAX = 10_000;
const quotedKeys = new Map<string, string>();

const quotedKey = (key: string): string => {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < QUOTED_KEYS_MAX) quotedKeys.set(key, quoted);
  }
  return quoted;
};
