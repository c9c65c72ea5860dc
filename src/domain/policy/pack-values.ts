import { parseRatio, type Decimal } from '../money';
import type { Category, ClaimKind, HospitalLevel, Location } from '../vocabulary';
import type { ClaimSelector, ClaimTable, Provenance } from './policy-pack';

/** Tables and ratios as the engine reads them from a pack. */

/** A pack table longer than this is a data error, not a policy. */
export const MAX_TABLE_ROWS = 64;

/** What a table row may select on: the claim's kind, level, location and referral, and the categories held. */
export interface ClaimFacet {
  readonly kind: ClaimKind;
  readonly hospitalLevel: HospitalLevel;
  readonly location: Location;
  readonly referred: boolean;
  /** Held on the reference date, before and after aliases. */
  readonly categories: readonly Category[];
}

const selects = (selector: ClaimSelector, facet: ClaimFacet): boolean =>
  (selector.kinds === undefined || selector.kinds.includes(facet.kind)) &&
  (selector.hospitalLevels === undefined || selector.hospitalLevels.includes(facet.hospitalLevel)) &&
  (selector.locations === undefined || selector.locations.includes(facet.location)) &&
  (selector.referred === undefined || selector.referred === facet.referred) &&
  (selector.categories === undefined || selector.categories.some((category) => facet.categories.includes(category)));

export interface TableHit<T> {
  readonly value: T;
  /** 0-based index of the matching row, or null when `default` applied. */
  readonly row: number | null;
}

/** The first row whose selector matches the claim wins; otherwise the table's default. */
export const lookUp = <T>(table: ClaimTable<T>, facet: ClaimFacet): TableHit<T> => {
  const rows = table.rows ?? [];
  if (rows.length > MAX_TABLE_ROWS) throw new RangeError(`a claim table has ${rows.length} rows, more than ${MAX_TABLE_ROWS}`);
  const row = rows.findIndex((candidate) => selects(candidate.when, facet));
  return row >= 0 ? { value: rows[row]!.value, row } : { value: table.default, row: null };
};

export const describeHit = (hit: TableHit<unknown>): string => (hit.row === null ? 'the table default' : `table row ${hit.row + 1}`);

/** The provenance of the cell that matched: a row may cite its own clause where the rest of the table is assumed. */
export const provenanceOfHit = <T>(table: ClaimTable<T>, hit: TableHit<T>): Provenance | undefined =>
  hit.row === null ? undefined : table.rows?.[hit.row];

/**
 * A payment ratio is a share of a base: above 1 a tier would pay more than the cost it covers, so a
 * pack that says so is refused here rather than paying out (the loader validates it first).
 */
export const readRatio = (text: string, field: string): Decimal => {
  const ratio = parseRatio(text, field);
  if (ratio.greaterThan(1)) throw new RangeError(`${field} must be at most 1, got ${text}`);
  return ratio;
};
