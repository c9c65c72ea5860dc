import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { StatementsByLimit } from '../../src/event-store/sqlite/statements-by-limit';

const SQLITE_SOURCES = join(__dirname, '../../src/event-store/sqlite');

describe('StatementsByLimit', () => {
  let db: Database;
  let numbers: StatementsByLimit<[number], { n: number }>;

  beforeEach(() => {
    db = new BetterSqlite3(':memory:');
    db.exec('CREATE TABLE t (n INTEGER PRIMARY KEY)');
    const insert = db.prepare('INSERT INTO t (n) VALUES (?)');
    for (let n = 1; n <= 40; n += 1) insert.run(n);
    numbers = new StatementsByLimit(db, 'SELECT n FROM t WHERE n > ? ORDER BY n LIMIT {limit}');
  });
  afterEach(() => db.close());

  it('given a limit, when the query runs, then it returns at most that many rows, in order', () => {
    expect(numbers.withLimit(3).all(10)).toEqual([{ n: 11 }, { n: 12 }, { n: 13 }]);
    expect(numbers.withLimit(0).all(0)).toEqual([]);
    expect(numbers.withLimit(1000).all(38)).toEqual([{ n: 39 }, { n: 40 }]);
  });

  it('keeps one prepared statement per limit, and still answers past the number it keeps', () => {
    expect(numbers.withLimit(5)).toBe(numbers.withLimit(5));
    for (let limit = 1; limit <= 30; limit += 1) expect(numbers.withLimit(limit).all(0)).toHaveLength(limit);
    expect(numbers.withLimit(25).all(0)).toHaveLength(25);
  });

  it('writes only a checked integer into the SQL', () => {
    for (const limit of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) expect(() => numbers.withLimit(limit)).toThrow(RangeError);
  });

  it('needs exactly one place for the limit', () => {
    expect(() => new StatementsByLimit(db, 'SELECT n FROM t')).toThrow(/exactly one \{limit\}/);
    expect(() => new StatementsByLimit(db, 'SELECT n FROM t LIMIT {limit} OFFSET {limit}')).toThrow(/exactly one \{limit\}/);
  });

  it('returns rows as arrays when raw', () => {
    const raw = new StatementsByLimit<[], unknown[]>(db, 'SELECT n FROM t ORDER BY n LIMIT {limit}', true);
    expect(raw.withLimit(2).all()).toEqual([[1], [2]]);
  });

  // SQLite (3.47 on) prepares a statement again on every call once a LIMIT is bound to a parameter.
  it('is how the embedded store limits its queries: no statement of it binds a LIMIT', () => {
    const sources = readdirSync(SQLITE_SOURCES).filter((file) => file.endsWith('.ts'));
    const bound = sources.filter((file) => /LIMIT\s+[?@:$]/i.test(readFileSync(join(SQLITE_SOURCES, file), 'utf8')));
    expect(sources.length).toBeGreaterThan(5);
    expect(bound).toEqual([]);
  });
});
