import type { Database, Statement } from 'better-sqlite3';

/** Distinct limits kept prepared; callers use a handful (the page sizes), so this is never reached in practice. */
const MAX_KEPT_LIMITS = 16;

/**
 * A query whose LIMIT is written into its text: one prepared statement per limit. Since SQLite 3.47
 * the planner reads the value bound to a LIMIT parameter, so binding one expires the statement and
 * every call prepares it again: about 8 µs a call here, as much as reading a short stream
 * (docs/performance-history.md, round 11). Past `MAX_KEPT_LIMITS` distinct limits, a statement is prepared for
 * the call alone, which costs what a bound LIMIT did.
 */
export class StatementsByLimit<Params extends unknown[], Row> {
  private readonly kept = new Map<number, Statement<Params, Row>>();

  /** `sql` holds one `{limit}`, where the limit is written; `raw` returns each row as an array. */
  constructor(
    private readonly db: Database,
    private readonly sql: string,
    private readonly raw = false,
  ) {
    if (sql.split('{limit}').length !== 2) throw new Error(`a limited statement needs exactly one {limit}: ${sql}`);
  }

  /** The statement that returns at most `limit` rows; `limit` must be a non-negative safe integer. */
  withLimit(limit: number): Statement<Params, Row> {
    // Only a checked integer is ever written into the SQL text.
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`a row limit must be a non-negative integer, got ${limit}`);
    const kept = this.kept.get(limit);
    if (kept) return kept;
    const statement = this.db.prepare(this.sql.replace('{limit}', String(limit))) as Statement<Params, Row>;
    if (this.raw) statement.raw(true);
    if (this.kept.size < MAX_KEPT_LIMITS) this.kept.set(limit, statement);
    return statement;
  }
}
