import type { Database, Statement } from 'better-sqlite3';
import type { ReservationProblem, ReservationSource } from '../event-store.port';
import type { HeldReservation } from '../reservations';
import { StatementsByLimit } from './statements-by-limit';

/**
 * The reservations table holds "this key was taken by that stream", but it is an ordinary table
 * outside every hash chain: a row deleted from the file would let the key be taken again. The
 * recorded events are the authority, so the embedded store indexes the ids its reservation sources
 * record (one partial expression index per source) and uses it twice: the write path asks the events
 * who settled an id before trusting a missing row, and verification reports settlements the table no
 * longer reserves, and ids recorded in more than one stream, in SQL whose memory does not grow with
 * the store.
 */

/** Field and type names are written into SQL text (a partial index needs literals), so only plain names pass. */
const PLAIN_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

const idExpression = (source: ReservationSource): string => `json_extract(data, '$.${source.idField}')`;

const checked = (source: ReservationSource): ReservationSource => {
  for (const name of [source.eventType, source.idField, source.fingerprintField]) {
    if (!PLAIN_NAME.test(name)) throw new RangeError(`reservation source: ${JSON.stringify(name)} must be a plain name`);
  }
  return source;
};

/** Created on open (a store that never had it builds it once); lookups and the checks below use it. */
export const createReservationIndexes = (db: Database, sources: readonly ReservationSource[]): void => {
  for (const source of sources.map(checked)) {
    db.exec(`CREATE INDEX IF NOT EXISTS reserved_ids_${source.eventType} ON events (${idExpression(source)}) WHERE type = '${source.eventType}'`);
  }
};

interface RecordedHolderRow {
  readonly stream_name: string;
  readonly fingerprint: string | null;
}

/** Who recorded the id behind a reservation key first, according to the events themselves. */
export class RecordedReservations {
  private readonly lookups: ReadonlyArray<{ prefix: string; statement: Statement<[string], RecordedHolderRow> }>;

  constructor(db: Database, sources: readonly ReservationSource[]) {
    this.lookups = sources.map(checked).map((source) => ({
      prefix: source.keyPrefix,
      statement: db.prepare(
        `SELECT stream_name, json_extract(data, '$.${source.fingerprintField}') AS fingerprint FROM events ` +
          `WHERE type = '${source.eventType}' AND ${idExpression(source)} = ? ORDER BY position LIMIT 1`,
      ),
    }));
  }

  holder(key: string): HeldReservation | undefined {
    for (const { prefix, statement } of this.lookups) {
      if (!key.startsWith(prefix)) continue;
      const row = statement.get(key.slice(prefix.length));
      if (row) return { stream: row.stream_name, fingerprint: row.fingerprint ?? '' };
    }
    return undefined;
  }
}

interface UnreservedRow {
  readonly position: bigint;
  readonly stream_name: string;
  readonly revision: bigint;
  readonly id: string;
}

interface ReusedRow {
  readonly id: string;
  readonly streams: bigint;
  readonly first: bigint;
}

/**
 * Settlements whose key has no reservation row at all (the row was deleted: nothing else removes one),
 * and, unless `reservedOnly`, ids recorded in more than one stream (paid twice). At most `limit` of each.
 */
export const reservationProblems = (db: Database, sources: readonly ReservationSource[], limit: number, reservedOnly: boolean): ReservationProblem[] => {
  const problems: ReservationProblem[] = [];
  for (const source of sources.map(checked)) {
    const unreserved = new StatementsByLimit<[string], UnreservedRow>(
      db,
      `SELECT position, stream_name, revision, ${idExpression(source)} AS id FROM events WHERE type = '${source.eventType}' AND ${idExpression(source)} IS NOT NULL ` +
        `AND NOT EXISTS (SELECT 1 FROM reservations r WHERE r.key = ? || ${idExpression(source)}) ORDER BY position LIMIT {limit}`,
    )
      .withLimit(limit)
      .all(source.keyPrefix);
    for (const row of unreserved) {
      problems.push({
        problem: 'missing-reservation',
        streamName: row.stream_name,
        revision: row.revision,
        position: row.position,
        detail: `${source.eventType} ${source.idField} ${row.id} is recorded but its reservation ${source.keyPrefix}${row.id} is gone: the row was deleted, so the id could be taken again`,
      });
    }
    if (!reservedOnly) problems.push(...reusedIds(db, source, limit));
  }
  return problems;
};

const reusedIds = (db: Database, source: ReservationSource, limit: number): ReservationProblem[] =>
  new StatementsByLimit<[], ReusedRow>(
    db,
    `SELECT ${idExpression(source)} AS id, count(DISTINCT stream_name) AS streams, min(position) AS first FROM events ` +
      `WHERE type = '${source.eventType}' AND ${idExpression(source)} IS NOT NULL GROUP BY ${idExpression(source)} HAVING count(DISTINCT stream_name) > 1 LIMIT {limit}`,
  )
    .withLimit(limit)
    .all()
    .map((row) => ({
      problem: 'reused-id' as const,
      streamName: null,
      revision: null,
      position: row.first,
      detail: `${source.eventType} ${source.idField} ${row.id} is recorded in ${row.streams} streams: an id reserved once was settled again`,
    }));
