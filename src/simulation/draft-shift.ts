import { addMonths, isIsoDate } from '../domain/iso-date';

/** A pack nests a handful of levels; deeper data is not a pack and is refused rather than walked. */
const SHIFT_DEPTH_MAX = 32;
const MONTHS_PER_YEAR = 12;
/** Keys whose numbers are calendar years (statistics' `year`, subsidy rules' `benefitYears.from/to`). */
const YEAR_NUMBER_KEYS = new Set(['year', 'from', 'to']);
const YEAR_KEY = /^\d{4}$/;

/**
 * A draft written for one year, moved onto an earlier recorded year ("what would last year have cost
 * under next year's draft"): every calendar date in the pack moves by whole years (29 February lands on
 * the 28th in a common year), and so does every year the pack names — statistics' years, subsidy rules'
 * benefit years and the contribution table's year keys — so that a rule that reads "the previous year's
 * statistic" still reads the statistic the draft meant, relative to the year replayed.
 */
export const shiftPackYears = (pack: unknown, years: number): unknown => {
  if (!Number.isSafeInteger(years)) throw new RangeError(`shiftPackYears: years must be an integer, got ${years}`);
  return years === 0 ? structuredClone(pack) : shiftValue(pack, years, null, 0);
};

const shiftValue = (value: unknown, years: number, key: string | null, depth: number): unknown => {
  if (depth > SHIFT_DEPTH_MAX) throw new RangeError(`shiftPackYears: the pack nests deeper than ${SHIFT_DEPTH_MAX} levels`);
  if (typeof value === 'string') return isIsoDate(value) ? addMonths(value, years * MONTHS_PER_YEAR) : value;
  if (typeof value === 'number') return key !== null && YEAR_NUMBER_KEYS.has(key) && Number.isInteger(value) ? value + years : value;
  if (Array.isArray(value)) return value.map((item) => shiftValue(item, years, null, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, child]) => [YEAR_KEY.test(name) ? String(Number(name) + years) : name, shiftValue(child, years, name, depth + 1)]),
  );
};
