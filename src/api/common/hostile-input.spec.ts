import { MAX_BODY_DEPTH, hostileInputProblems, pathOfReplacementCharacter } from './hostile-input';

const nested = (levels: number): unknown => {
  let value: unknown = 'leaf';
  for (let level = 0; level < levels; level += 1) value = { a: value };
  return value;
};

describe('hostile input', () => {
  it(`accepts nesting up to ${MAX_BODY_DEPTH} levels and names the path beyond`, () => {
    expect(hostileInputProblems(nested(MAX_BODY_DEPTH))).toEqual([]);
    const [problem] = hostileInputProblems(nested(MAX_BODY_DEPTH + 1));
    expect(problem).toBe(`${Array(MAX_BODY_DEPTH).fill('a').join('.')}: nesting deeper than ${MAX_BODY_DEPTH} levels is refused`);
  });

  it('walks a 20,000-level body without recursion', () => {
    expect(hostileInputProblems(nested(20_000))).toHaveLength(1);
  });

  it.each([
    ['a\u0000b', 'control'],
    ['\u001b[31m', 'control'],
    ['\u0085', 'control'],
    ['\u007f', 'control'],
    ['x\ud800', 'lone surrogate'],
    ['\udc00x', 'lone surrogate'],
    ['名册\u202egpj.exe', 'bidirectional controls'],
    ['a\u2066b', 'bidirectional controls'],
    ['110105\u200b19491231', 'invisible format characters'],
    ['one\u2028two', 'line or paragraph separators'],
    ['a\ufffe', 'non-characters'],
  ])('refuses %j (%s) in a field, naming it', (text, kind) => {
    const [problem] = hostileInputProblems({ claim: { note: text } });
    expect(problem).toMatch(/^claim\.note: /);
    expect(problem).toContain(kind);
  });

  it.each([['tab\there'], ['line\r\nbreak'], ['😀 a pair of surrogates'], ['菏泽市 低保']])('accepts %j', (text) => {
    expect(hostileInputProblems({ claim: { note: text } })).toEqual([]);
  });

  it('refuses prototype keys and bad property names wherever they are', () => {
    const body = JSON.parse('{"ok":1,"costs":{"__proto__":{"x":1},"constructor":2},"list":[{"prototype":3}],"bad\\u0000key":4}') as unknown;
    expect(hostileInputProblems(body).sort()).toEqual([
      'body: a property name must not contain control characters (only tab, line feed and carriage return are allowed)',
      'costs.__proto__: property __proto__ should not exist',
      'costs.constructor: property constructor should not exist',
      'list.0.prototype: property prototype should not exist',
    ]);
  });

  it('names the field that held invalid UTF-8', () => {
    expect(pathOfReplacementCharacter({ a: 'fine', costs: { total: 'x\uFFFDy' } })).toBe('costs.total');
  });
});
