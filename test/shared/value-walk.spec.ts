import { walkValue, type PathNaming, type ValueVisitor, type WalkEnd, type WalkLimits } from '../../src/shared/value-walk';

const DOTTED: PathNaming = { root: 'body', numericKeys: 'dotted' };
const BRACKETED: PathNaming = { root: '(root)', numericKeys: 'bracketed' };
const LIMITS: WalkLimits = { maxDepth: 3, maxValues: 100 };

const nested = (levels: number, leaf: unknown = 'leaf'): unknown => {
  let value = leaf;
  for (let level = 0; level < levels; level += 1) value = { a: value };
  return value;
};

/** The strings, the places too deep and the prototype keys a walk reports, as lines in the order reported, and how it ended. */
const record = (value: unknown, limits: WalkLimits, naming: PathNaming, visitor: ValueVisitor = {}): { seen: string[]; end: WalkEnd } => {
  const seen: string[] = [];
  const end = walkValue(value, limits, naming, {
    onString: (text, path) => seen.push(`${path}=${text}`),
    onTooDeep: (path) => seen.push(`too deep: ${path}`),
    ...visitor,
  });
  return { seen, end };
};

describe('walkValue (a bounded, iterative walk over a plain value)', () => {
  it.each<[string, unknown, number, string[]]>([
    ['a string at the bound is still seen', nested(3), 3, ['a.a.a=leaf']],
    ['an object at the bound is reported, not entered', nested(3, { b: 'hidden' }), 3, ['too deep: a.a.a']],
    ['an empty array at the bound is reported too', nested(3, []), 3, ['too deep: a.a.a']],
    ['the value itself, with a bound of 0', { a: 'hidden' }, 0, ['too deep: body']],
  ])('depth: %s', (_label, value, maxDepth, expected) => {
    expect(record(value, { ...LIMITS, maxDepth }, DOTTED).seen).toEqual(expected);
  });

  it('walks 20,000 levels without recursion, reporting the first level past the bound', () => {
    expect(record(nested(20_000), { maxDepth: 32, maxValues: 100 }, DOTTED)).toEqual({ end: 'complete', seen: [`too deep: ${Array(32).fill('a').join('.')}`] });
  });

  it.each<[string, unknown, number, WalkEnd]>([
    ['as many values as the bound completes (the array and its two items)', ['x', 'y'], 3, 'complete'],
    ['one value more ends at the bound', ['x', 'y', 'z'], 3, 'too-many-values'],
    ['a scalar alone is one value', 'x', 1, 'complete'],
    ['a bound of 0 takes nothing', 'x', 0, 'too-many-values'],
  ])('value count: %s', (_label, value, maxValues, end) => {
    expect(record(value, { maxDepth: 8, maxValues }, DOTTED).end).toBe(end);
  });

  it('stops before the next value once the caller has found enough', () => {
    let strings = 0;
    const end = walkValue(['a', 'b', 'c', 'd'], LIMITS, DOTTED, { onString: () => (strings += 1), done: () => strings >= 2 });
    expect({ end, strings }).toEqual({ end: 'stopped', strings: 2 });
  });

  it.each<[string, PathNaming, unknown, string]>([
    ['dotted: an array item by its index after a dot', DOTTED, { list: [{ name: 'x' }] }, 'list.0.name=x'],
    ['bracketed: an array item in brackets', BRACKETED, { list: [{ name: 'x' }] }, 'list[0].name=x'],
    ['bracketed: a key of digits in brackets, in an object too', BRACKETED, { years: { 2023: 'x' } }, 'years[2023]=x'],
    ['bracketed: an item of the value itself', BRACKETED, ['x'], '[0]=x'],
    ['dotted: the value itself by the root name', DOTTED, 'x', 'body=x'],
    ['bracketed: the value itself by the root name', BRACKETED, 'x', '(root)=x'],
  ])('path naming: %s', (_label, naming, value, expected) => {
    expect(record(value, LIMITS, naming).seen).toEqual([expected]);
  });

  it('offers each key with the path of its object, and leaves the value of a refused key unwalked', () => {
    const keys: string[] = [];
    const onKey = (key: string, path: string): boolean => {
      keys.push(`${path} ${key}`);
      return key !== 'bad';
    };
    const { seen } = record({ bad: { hidden: 'x' }, good: { note: 'y' } }, LIMITS, DOTTED, { onKey });
    expect({ keys, seen }).toEqual({ keys: ['body bad', 'body good', 'good note'], seen: ['good.note=y'] });
  });

  const withPrototypeKeys = JSON.parse('{"__proto__":{"x":"a"},"costs":{"constructor":"b"},"list":[{"prototype":"c"}],"ok":"d"}') as unknown;

  it.each<[string, boolean, string[]]>([
    ['reported at their own path, values unwalked, when the caller asks', true, ['__proto__ at __proto__', 'constructor at costs.constructor', 'ok=d', 'prototype at list.0.prototype']],
    ['walked as ordinary keys when it does not', false, ['__proto__.x=a', 'costs.constructor=b', 'list.0.prototype=c', 'ok=d']],
  ])('prototype keys: %s', (_label, refused, expected) => {
    const seen: string[] = [];
    const onPrototypeKey = (key: string, keyPath: string): void => void seen.push(`${key} at ${keyPath}`);
    walkValue(withPrototypeKeys, LIMITS, DOTTED, { onString: (text, path) => seen.push(`${path}=${text}`), ...(refused ? { onPrototypeKey } : {}) });
    expect(seen.sort()).toEqual(expected);
  });
});
