/**
 * The two time controls. `asOf` is a calendar date (effective time). `asAt` is an instant (recorded
 * time): the URL and the API carry it as ISO-8601 UTC, while the input shows the inspector's local
 * time, with seconds, because corrections are often recorded minutes apart.
 */

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** "2023-06-01T09:30:05.123Z" → "2023-06-01T17:30:05" in UTC+8 (the value of an <input type="datetime-local" step="1">). */
export const toLocalInput = (iso: string): string => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
};

/**
 * The instant of a local datetime-local value, as ISO UTC. A value without seconds means the end of
 * that minute, and a value with seconds the end of that second, so "as at 10:15" includes what was
 * recorded during 10:15 (the ledger stamps milliseconds).
 */
export const fromLocalInput = (value: string): string | null => {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match.map(Number) as [number, number, number, number, number, number, number | undefined];
  const hasSeconds = match[6] !== undefined;
  const date = new Date(year, month - 1, day, hour, minute, hasSeconds ? (second ?? 0) : 59, 999);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

export const isIsoDate = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

/** Today in the inspector's time zone, for the default asOf. */
export const localToday = (now: Date = new Date()): string => `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;

/** An instant shown to an inspector: local date and time to the second. */
export const formatInstant = (iso: string): string => toLocalInput(iso).replace('T', ' ') || iso;
