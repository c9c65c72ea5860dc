/**
 * Canonical JSON: object keys sorted by code point, no whitespace, `undefined` members dropped.
 * It is what every hash in the ledger is taken over (the per-stream hash chain, pack content
 * hashes, claim hashes), so two processes that hold equal data always compute equal hashes.
 * Numbers must be safe integers; money travels as strings, so a float here is a bug worth refusing.
 */
export const canonicalJson = (value: unknown): string => {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
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

const canonicalArray = (items: readonly unknown[]): string =>
  `[${items.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;

const canonicalObject = (record: Record<string, unknown>): string => {
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
};
