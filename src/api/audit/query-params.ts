import { BadRequestException } from '@nestjs/common';
import { MAX_INT64 } from '../../event-store/read-options';
import { isCalendarDate } from '../common/dto-validators';

/**
 * Validation of query and path parameters of the read API. Each refusal is a 400 whose message
 * names the parameter and the rule, in the same "name: rule" form as body validation.
 */

type Raw = unknown;

const refuse = (name: string, rule: string): never => {
  throw new BadRequestException([`${name}: ${rule}`]);
};

/** A parameter given twice arrives as an array: refused rather than silently picking one. */
const single = (value: Raw, name: string): string | null => {
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string') return refuse(name, 'must be given once');
  return value;
};

export const optionalDate = (value: Raw, name: string): string | null => {
  const text = single(value, name);
  if (text !== null && !isCalendarDate(text)) refuse(name, 'must be a calendar date written YYYY-MM-DD');
  return text;
};

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO-8601 instant with its offset ("2023-06-01T08:00:00+08:00" or "…Z"); a time without an offset is ambiguous. */
export const optionalInstant = (value: Raw, name: string): string | null => {
  const text = single(value, name);
  if (text !== null && (!INSTANT.test(text) || Number.isNaN(Date.parse(text)) || !isCalendarDate(text.slice(0, 10)))) {
    refuse(name, 'must be an ISO-8601 timestamp with an offset, e.g. 2023-06-01T08:00:00+08:00');
  }
  return text;
};

export const requiredYear = (value: Raw, name: string): number => {
  const text = single(value, name);
  if (text === null || !/^\d{4}$/.test(text) || Number(text) < 1900 || Number(text) > 2200) refuse(name, 'must be a year from 1900 to 2200');
  return Number(text);
};

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const optionalMonth = (value: Raw, name: string): string | null => {
  const text = single(value, name);
  if (text !== null && !MONTH.test(text)) refuse(name, 'must be a month written YYYY-MM');
  return text;
};

const REGION = /^[a-z][a-z0-9-]{1,31}$/;

export const optionalRegion = (value: Raw, name: string): string | null => {
  const text = single(value, name);
  if (text !== null && !REGION.test(text)) refuse(name, 'must be a region code of lower-case letters, digits and "-", e.g. heze');
  return text;
};

export const requiredText = (value: Raw, name: string, maxLength: number): string => {
  const text = single(value, name);
  if (text === null || text.length > maxLength) refuse(name, `is required, at most ${maxLength} characters`);
  return text as string;
};

export const optionalChoice = <T extends string>(value: Raw, name: string, choices: readonly T[], fallback: T): T => {
  const text = single(value, name);
  if (text === null) return fallback;
  const choice = choices.find((candidate) => candidate === text);
  return choice ?? refuse(name, `must be one of ${choices.join(', ')}`);
};

/**
 * Positions are decimal strings (they may exceed 2^53 on EventStoreDB). Both stores keep them as
 * signed 64-bit integers (SQLite's INTEGER, EventStoreDB's C# long), so a larger one names no event
 * anywhere: it is refused here rather than reaching a store that cannot bind it.
 */
export const optionalPosition = (value: Raw, name: string): bigint | null => {
  const text = single(value, name);
  if (text === null) return null;
  if (!/^\d{1,19}$/.test(text) || BigInt(text) > MAX_INT64) refuse(name, `must be a global position: an integer from 0 to ${MAX_INT64}`);
  return BigInt(text);
};

export const optionalLimit = (value: Raw, name: string, fallback: number, max: number): number => {
  const text = single(value, name);
  if (text === null) return fallback;
  if (!/^\d{1,7}$/.test(text) || Number(text) < 1 || Number(text) > max) refuse(name, `must be an integer from 1 to ${max}`);
  return Number(text);
};

/** Both ends of a month range, when both are given, in order. */
export const checkMonthRange = (from: string | null, to: string | null): void => {
  if (from !== null && to !== null && from > to) refuse('from', `must not be after to (${to})`);
};
