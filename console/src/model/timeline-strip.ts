import type { Category } from '../api/types';
import type { TimelineEntry, ValidityInterval } from '../api/person-types';
import { CATEGORIES } from '../i18n/messages';

/**
 * Layout of the identity strip: one row per category, bars for validity intervals on an axis of
 * days, and, for retroactive recognitions, the part of the validity that lies before the day it was
 * recorded (what the ledger did not know at first). Positions are fractions of the axis, so the
 * component only multiplies by its width.
 */

export interface StripAxis {
  readonly from: string;
  readonly to: string;
  /** 1 January of every year inside the axis, for tick marks. */
  readonly yearStarts: readonly string[];
}

export interface StripBar {
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly start: number;
  readonly end: number;
  readonly open: boolean;
}

export interface StripMark {
  /** Where the recognition reaches back to. */
  readonly start: number;
  /** The day it was recorded. */
  readonly end: number;
  readonly validFrom: string;
  readonly recordedOn: string;
  readonly change: 'recognized' | 'revoked';
}

export interface StripRow {
  readonly category: Category;
  readonly bars: readonly StripBar[];
  readonly retroactive: readonly StripMark[];
  /** Days a change of this category was recorded on, as axis fractions. */
  readonly recorded: readonly number[];
}

const DAY_MS = 86_400_000;
const dayNumber = (date: string): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const dateOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * The axis covers every date the person's intervals and records mention plus `today` (or asOf), from
 * 1 January of the first year to 31 December of the last, so a year always reads as a whole.
 */
export const stripAxis = (intervals: readonly ValidityInterval[], entries: readonly TimelineEntry[], today: string): StripAxis => {
  const dates = [today, ...intervals.flatMap((interval) => [interval.validFrom, interval.validTo ?? today]), ...entries.map((entry) => entry.recordedOn)];
  const sorted = dates.filter((date) => /^\d{4}-\d{2}-\d{2}$/.test(date)).sort();
  const firstYear = Number((sorted[0] ?? today).slice(0, 4));
  const lastYear = Number((sorted[sorted.length - 1] ?? today).slice(0, 4));
  const yearStarts: string[] = [];
  // Bounded: a strip of more than 30 years would be unreadable anyway.
  for (let year = firstYear; year <= lastYear && yearStarts.length < 30; year++) yearStarts.push(`${year}-01-01`);
  return { from: `${firstYear}-01-01`, to: `${lastYear}-12-31`, yearStarts };
};

export const positionOf = (axis: StripAxis, date: string): number => {
  const from = dayNumber(axis.from);
  const span = dayNumber(axis.to) + 1 - from;
  return Math.min(1, Math.max(0, (dayNumber(date) - from) / span));
};

/** Position of the end of a day (bars include their last day). */
const endOf = (axis: StripAxis, date: string): number => positionOf(axis, dateOfDay(dayNumber(date) + 1));

export const stripRows = (intervals: readonly ValidityInterval[], entries: readonly TimelineEntry[], axis: StripAxis): StripRow[] => {
  const categories = CATEGORIES.filter(
    (category) => intervals.some((interval) => interval.category === category) || entries.some((entry) => entry.category === category),
  );
  return categories.map((category) => ({
    category,
    bars: intervals
      .filter((interval) => interval.category === category)
      .map((interval) => ({
        validFrom: interval.validFrom,
        validTo: interval.validTo,
        start: positionOf(axis, interval.validFrom),
        end: interval.validTo === null ? 1 : endOf(axis, interval.validTo),
        open: interval.validTo === null,
      })),
    retroactive: entries
      .filter((entry) => entry.category === category && entry.retroactive)
      .map((entry) => {
        // A revocation reaches back from the day after its last valid day; a recognition from validFrom.
        const reachesBack = entry.change === 'recognized' ? (entry.validFrom ?? entry.recordedOn) : dateOfDay(dayNumber(entry.validTo ?? entry.recordedOn) + 1);
        return { start: positionOf(axis, reachesBack), end: positionOf(axis, entry.recordedOn), validFrom: reachesBack, recordedOn: entry.recordedOn, change: entry.change };
      }),
    recorded: entries.filter((entry) => entry.category === category).map((entry) => positionOf(axis, entry.recordedOn)),
  }));
};
