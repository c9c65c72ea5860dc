import fc from 'fast-check';
import { canonicalJson } from '../../src/shared/canonical-json';

/**
 * Every hash of the ledger is taken over canonical JSON, so its output must never change: it is
 * checked against the implementation every stored hash was computed with until it was rewritten for
 * speed (kept here verbatim as the oracle), on random JSON values of every shape, including keys out
 * of order, integer-like keys (which JavaScript objects list first) and undefined members.
 */
const oracle = (value: unknown): string => {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return String(value);
    case 'object':
      if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : oracle(item))).join(',')}]`;
      return oracleObject(value as Record<string, unknown>);
    default:
      throw new TypeError(typeof value);
  }
};

const oracleObject = (record: Record<string, unknown>): string => {
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${oracle(record[key])}`).join(',')}}`;
};

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.maxSafeInteger(),
    fc.string({ unit: 'binary' }),
    fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), tie('value'), { maxKeys: 6 }),
  ),
})).value;

describe('canonicalJson', () => {
  it('gives exactly what the previous implementation gave on any JSON value', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 6 }), jsonValue, { maxKeys: 8 }), (value) => {
        expect(canonicalJson(value)).toBe(oracle(value));
      }),
      { numRuns: 500 },
    );
  });

  it('sorts keys at every depth whatever order they were written in', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, { z: null, y: 'é' }], c: undefined }, '10': 0, '9': 0 })).toBe('{"10":0,"9":0,"a":{"d":[true,{"y":"é","z":null}]},"b":1}');
  });

  it('refuses numbers that are not safe integers', () => {
    expect(() => canonicalJson({ amount: 1.5 })).toThrow(/non-integer/);
    expect(() => canonicalJson(Number.MAX_SAFE_INTEGER + 1)).toThrow(/non-integer/);
  });
});
