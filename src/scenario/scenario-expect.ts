import { isObject, type Json } from './scenario-fields';

/**
 * A step's optional `expect` block, checked against what the step printed. Every key is optional:
 *   ok          the step's ok flag;
 *   code        the refusal code of a failed step;
 *   eventTypes  the exact list of appended event types, in order;
 *   events      events that must appear in this order (others may come between), each
 *               `{ "type", "data"? }` with `data` matched partially;
 *   report      partial match on a Reassess step's report.
 * "Partially" means: every key given must match, recursively; arrays match element by element and
 * must have the same length; strings, numbers and booleans must be equal ("7000.00" ≠ "7000").
 */

export const EXPECT_KEYS = ['ok', 'code', 'eventTypes', 'events', 'report'] as const;
const MAX_DEPTH = 64;

export interface PrintedStep {
  readonly ok: boolean;
  readonly events?: ReadonlyArray<{ readonly type: string; readonly data: unknown }>;
  readonly error?: { readonly code: string; readonly message: string };
  readonly report?: unknown;
}

/** The mismatches between `expect` and the step, one line each; empty when it holds. */
export const checkExpectation = (expect: Json, step: PrintedStep): string[] => {
  if (!isObject(expect)) return ['expect: must be an object'];
  const unknown = Object.keys(expect).filter((key) => !(EXPECT_KEYS as readonly string[]).includes(key));
  if (unknown.length > 0) return [`expect.${unknown[0]}: not an expectation (allowed: ${EXPECT_KEYS.join(', ')})`];
  const problems: string[] = [];
  if (expect.ok !== undefined && expect.ok !== step.ok) problems.push(`ok: expected ${String(expect.ok)}, got ${String(step.ok)}${step.error ? ` (${step.error.code}: ${step.error.message})` : ''}`);
  if (expect.code !== undefined && expect.code !== step.error?.code) problems.push(`code: expected ${JSON.stringify(expect.code)}, got ${JSON.stringify(step.error?.code ?? null)}`);
  const events = step.events ?? [];
  if (expect.eventTypes !== undefined) problems.push(...matchPartially(expect.eventTypes, events.map((event) => event.type), 'eventTypes', 0));
  if (expect.events !== undefined) problems.push(...matchEventSequence(expect.events, events));
  if (expect.report !== undefined) problems.push(...matchPartially(expect.report, step.report, 'report', 0));
  return problems;
};

/** Each expected event is looked for after the previous match, so unlisted events may sit between them. */
const matchEventSequence = (expected: Json, events: ReadonlyArray<{ type: string; data: unknown }>): string[] => {
  if (!Array.isArray(expected)) return ['events: must be an array of { type, data? }'];
  let from = 0;
  for (const [index, wanted] of expected.entries()) {
    if (!isObject(wanted) || typeof wanted.type !== 'string') return [`events[${index}]: must be { "type": "...", "data"?: {...} }`];
    const candidates = events.slice(from).map((event, offset) => ({ event, at: from + offset })).filter(({ event }) => event.type === wanted.type);
    if (candidates.length === 0) return [`events[${index}]: no ${wanted.type} event${from > 0 ? ' after the previous match' : ''}`];
    const match = candidates.find(({ event }) => wanted.data === undefined || matchPartially(wanted.data, event.data, 'data', 0).length === 0);
    if (match === undefined) {
      const closest = candidates[0];
      return matchPartially(wanted.data ?? null, closest?.event.data, `events[${index}] (${wanted.type}).data`, 0);
    }
    from = match.at + 1;
  }
  return [];
};

export const matchPartially = (expected: Json | undefined, actual: unknown, path: string, depth: number): string[] => {
  if (depth > MAX_DEPTH) return [`${path}: nested deeper than ${MAX_DEPTH} levels`];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${describe(actual)}`];
    if (actual.length !== expected.length) return [`${path}: expected ${expected.length} items, got ${actual.length}`];
    return expected.flatMap((item, index) => matchPartially(item, actual[index], `${path}[${index}]`, depth + 1));
  }
  if (isObject(expected)) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return [`${path}: expected an object, got ${describe(actual)}`];
    return Object.entries(expected).flatMap(([key, value]) => matchPartially(value, (actual as Record<string, unknown>)[key], `${path}.${key}`, depth + 1));
  }
  return expected === actual ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${describe(actual)}`];
};

const describe = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));
