import type { IsoDate } from './vocabulary';

/**
 * Calendar arithmetic on ISO date strings ("2023-05-01") with plain integers. The domain never reads
 * the clock and never builds a JavaScript `Date`, whose time zone would make a day boundary depend on
 * the machine that runs the code.
 */

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const MONTHS_PER_YEAR = 12;

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const THIRTY_DAY_MONTHS: readonly number[] = [4, 6, 9, 11];

export const daysInMonth = (year: number, month: number): number => {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return THIRTY_DAY_MONTHS.includes(month) ? 30 : 31;
};

/** "YYYY-MM-DD": the positions of the two dashes, and the length. */
const ISO_DATE_LENGTH = 10;
const DASHES = [4, 7] as const;
const DASH = 45;
const DIGIT_ZERO = 48;

/** The number written by the digits of `text` in [from, to), or -1 when one is not a digit. */
const digitsAt = (text: string, from: number, to: number): number => {
  let value = 0;
  for (let index = from; index < to; index += 1) {
    const digit = text.charCodeAt(index) - DIGIT_ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
};

/**
 * Reads "YYYY-MM-DD" (four, two and two ASCII digits) by character: every claim's dates are read
 * each time it is settled or replayed, and a regular expression's match was a noticeable share of that.
 */
const readCalendarDate = (text: unknown): CalendarDate | null => {
  if (typeof text !== 'string' || text.length !== ISO_DATE_LENGTH) return null;
  if (text.charCodeAt(DASHES[0]) !== DASH || text.charCodeAt(DASHES[1]) !== DASH) return null;
  const year = digitsAt(text, 0, DASHES[0]);
  const month = digitsAt(text, DASHES[0] + 1, DASHES[1]);
  const day = digitsAt(text, DASHES[1] + 1, ISO_DATE_LENGTH);
  if (year < 1 || month < 1 || month > MONTHS_PER_YEAR) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
};

export const isIsoDate = (text: unknown): text is IsoDate => readCalendarDate(text) !== null;

/** Parses a calendar date; throws a RangeError naming the field on anything that is not a real day. */
export const parseIsoDate = (text: string, field = 'date'): CalendarDate => {
  const parsed = readCalendarDate(text);
  if (!parsed) throw new RangeError(`${field} must be an ISO calendar date (YYYY-MM-DD), got ${JSON.stringify(text)}`);
  return parsed;
};

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

export const formatIsoDate = ({ year, month, day }: CalendarDate): IsoDate =>
  `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;

export const yearOf = (date: IsoDate): number => parseIsoDate(date).year;

export const firstDayOfYear = (year: number): IsoDate => formatIsoDate({ year, month: 1, day: 1 });

export const lastDayOfYear = (year: number): IsoDate => formatIsoDate({ year, month: 12, day: 31 });

/** ISO dates of the same width order correctly as strings; this names the comparison. */
export const compareIsoDates = (left: IsoDate, right: IsoDate): number => (left < right ? -1 : left > right ? 1 : 0);

export const laterOf = (left: IsoDate, right: IsoDate): IsoDate => (compareIsoDates(left, right) >= 0 ? left : right);

/** The calendar day after `date`: 2024-02-28 → 2024-02-29, 2024-12-31 → 2025-01-01. */
export const nextDay = (date: IsoDate): IsoDate => {
  const { year, month, day } = parseIsoDate(date);
  if (day < daysInMonth(year, month)) return formatIsoDate({ year, month, day: day + 1 });
  if (month < MONTHS_PER_YEAR) return formatIsoDate({ year, month: month + 1, day: 1 });
  return firstDayOfYear(year + 1);
};

/** True when `date` lies in [from, to]; `to: null` is open-ended. */
export const isWithin = (date: IsoDate, from: IsoDate, to: IsoDate | null): boolean =>
  compareIsoDates(date, from) >= 0 && (to === null || compareIsoDates(date, to) <= 0);

/**
 * Moves a date by whole months, clamping the day to the end of a shorter month: one month before
 * 2024-03-31 is 2024-02-29. A look-back "12 months before the application" therefore always lands on
 * a real day.
 */
export const addMonths = (date: IsoDate, months: number): IsoDate => {
  if (!Number.isSafeInteger(months)) throw new RangeError(`addMonths: months must be an integer, got ${months}`);
  const { year, month, day } = parseIsoDate(date);
  const monthIndex = year * MONTHS_PER_YEAR + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / MONTHS_PER_YEAR);
  const targetMonth = (monthIndex % MONTHS_PER_YEAR) + 1;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return formatIsoDate({ year: targetYear, month: targetMonth, day: targetDay });
};
