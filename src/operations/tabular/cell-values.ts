import { formatYuan, parseYuan } from '../../domain/money';
import type { IsoDate } from '../../domain/vocabulary';

/**
 * Parsers for the cell values departments write. Each returns the value or a reason (a string that
 * becomes the `reason` of a row error); none throws on bad input.
 */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

const DATE_FORMS = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/,
  /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/,
  /^(\d{4})(\d{2})(\d{2})$/,
];

/** 2023-01-05, 2023/1/5, 2023.1.5, 2023年1月5日 and 20230105 are the same day; the calendar is checked. */
export const parseDate = (text: string): Parsed<IsoDate> => {
  for (const form of DATE_FORMS) {
    const match = form.exec(text);
    if (!match) continue;
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return bad(`${text} is not a calendar date`);
    return ok(date.toISOString().slice(0, 10));
  }
  return bad(`${text} is not a date (write 2023-01-31, 2023/1/31 or 2023年1月31日)`);
};

/** An amount in yuan, with thousands separators and a ¥ tolerated, as a two-decimal string. */
export const parseAmount = (text: string): Parsed<string> => {
  const cleaned = text.replace(/[,，¥￥\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return bad(`${text} is not an amount in yuan with at most two decimals`);
  return ok(formatYuan(parseYuan(cleaned)));
};

const YES = ['是', 'y', 'yes', 'true', '1', '√'];
const NO = ['否', 'n', 'no', 'false', '0', ''];

export const parseYesNo = (text: string): Parsed<boolean> => {
  const value = text.toLowerCase();
  if (YES.includes(value)) return ok(true);
  if (NO.includes(value)) return ok(false);
  return bad(`${text} is neither 是 nor 否`);
};

/** Looks a cell up in a table of names (exact after trimming, then without a trailing 人员/对象/户). */
export const parseName = <T>(text: string, names: Readonly<Record<string, T>>, what: string): Parsed<T> => {
  const exact = names[text];
  if (exact !== undefined) return ok(exact);
  const stripped = names[text.replace(/(人员|人口|对象|户)$/, '')];
  if (stripped !== undefined) return ok(stripped);
  return bad(`${text === '' ? 'empty' : text} is not a known ${what} (known: ${Object.keys(names).slice(0, 12).join('、')} …)`);
};

/** 居民身份证号: 17 digits and a check digit (GB 11643, ISO 7064 MOD 11-2). The value never enters a reason. */
export const checkNationalId = (text: string): Parsed<string> => {
  const value = text.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return bad('身份证号 must be 17 digits and a check digit (0-9 or X)');
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((total, weight, index) => total + weight * Number(value[index]), 0);
  const check = '10X98765432'[sum % 11];
  return check === value[17] ? ok(value) : bad('身份证号 fails its check digit');
};
