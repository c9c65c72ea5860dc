import { CATEGORIES, CLAIM_KINDS, DEPARTMENTS, HOSPITAL_LEVELS, LOCATIONS, SCHEMES } from '../domain/vocabulary';
import { DISEASE_CODE_FORMS, isDiseaseCode } from '../domain/policy/disease-code';
import { textProblem } from '../shared/text-rules';

/**
 * Reading a scenario step's fields with the wire rules of the HTTP API, so a scenario file and a
 * request body are refused for the same things. Problems are thrown as `InvalidStep`, which the runner
 * reports as `{ ok: false, error: { code: "INVALID_STEP" } }`.
 */

export class InvalidStep extends Error {
  override readonly name = 'InvalidStep';
  readonly code = 'INVALID_STEP';
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const AMOUNT = /^\d{1,12}(\.\d{1,2})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const MAX_TEXT = 500;

export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Field readers over one object; `where` prefixes every message ("costs.total: …"). */
export class Fields {
  constructor(
    private readonly value: JsonObject,
    private readonly where = '',
  ) {}

  /** Refuses keys outside `allowed`: a misspelt optional field would otherwise be ignored silently. */
  only(allowed: readonly string[]): this {
    const unknown = Object.keys(this.value).filter((key) => !allowed.includes(key));
    if (unknown.length > 0) this.fail(unknown[0] ?? '', `is not a field here (allowed: ${allowed.join(', ')})`);
    return this;
  }

  has(key: string): boolean {
    return this.value[key] !== undefined && this.value[key] !== null;
  }

  object(key: string): Fields {
    const value = this.value[key];
    if (!isObject(value)) return this.fail(key, 'must be an object');
    return new Fields(value, `${this.where}${key}.`);
  }

  raw(key: string): Json | undefined {
    return this.value[key];
  }

  text(key: string): string {
    const value = this.value[key];
    if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT) return this.fail(key, `must be a non-empty string of at most ${MAX_TEXT} characters`);
    // The characters no recorded text may hold, as over HTTP and in imports (src/shared/text-rules).
    const problem = textProblem(value);
    return problem === null ? value : this.fail(key, problem);
  }

  id(key: string): string {
    const value = this.value[key];
    if (typeof value !== 'string' || !ID.test(value)) return this.fail(key, 'must be an opaque id of letters, digits, ".", "_", ":" or "-" (at most 64)');
    return value;
  }

  /** At most two decimals, normalised to exactly two ("12.5" → "12.50"). */
  amount(key: string): string {
    const value = this.value[key];
    if (typeof value !== 'string' || !AMOUNT.test(value)) return this.fail(key, 'must be a yuan amount as a string with at most two decimals, e.g. "937.80"');
    const [whole, fraction = ''] = value.split('.');
    return `${whole}.${fraction.padEnd(2, '0')}`;
  }

  date(key: string): string {
    const value = this.value[key];
    if (typeof value !== 'string' || !isCalendarDate(value)) return this.fail(key, 'must be a calendar date written YYYY-MM-DD');
    return value;
  }

  instant(key: string): string {
    const value = this.value[key];
    if (typeof value !== 'string' || !INSTANT.test(value) || Number.isNaN(Date.parse(value))) {
      return this.fail(key, 'must be an ISO instant in UTC, e.g. "2023-07-01T09:00:00Z"');
    }
    return new Date(value).toISOString();
  }

  integer(key: string, min: number, max: number): number {
    const value = this.value[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) return this.fail(key, `must be an integer from ${min} to ${max}`);
    return value;
  }

  /** A national 门诊慢特病 病种 code or an ICD-10 code (src/domain/policy/disease-code.ts). */
  diseaseCode(key: string): string {
    const value = this.value[key];
    if (!isDiseaseCode(value)) return this.fail(key, `must be ${DISEASE_CODE_FORMS}`);
    return value;
  }

  boolean(key: string): boolean {
    const value = this.value[key];
    if (typeof value !== 'boolean') return this.fail(key, 'must be true or false');
    return value;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const value = this.value[key];
    const found = allowed.find((candidate) => candidate === value);
    if (found === undefined) return this.fail(key, `must be one of ${allowed.join(', ')}`);
    return found;
  }

  category(key: string) {
    return this.oneOf(key, CATEGORIES);
  }
  department(key: string) {
    return this.oneOf(key, DEPARTMENTS);
  }
  scheme(key: string) {
    return this.oneOf(key, SCHEMES);
  }
  kind(key: string) {
    return this.oneOf(key, CLAIM_KINDS);
  }
  hospitalLevel(key: string) {
    return this.oneOf(key, HOSPITAL_LEVELS);
  }
  location(key: string) {
    return this.oneOf(key, LOCATIONS);
  }

  /** `read(key)` when the field is present (and not null), else undefined. */
  optional<T>(key: string, read: (key: string) => T): T | undefined {
    return this.has(key) ? read.call(this, key) : undefined;
  }

  fail(key: string, rule: string): never {
    throw new InvalidStep(`${this.where}${key}: ${rule}`);
  }
}

const isCalendarDate = (text: string): boolean => {
  const match = DATE.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.UTC rolls 30 February over into March; the round trip shows whether the day exists.
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};
