/**
 * Refusal of hostile request bodies before any DTO transformation runs. class-transformer and
 * class-validator recurse over the body, so a body nested 20,000 levels deep overflows the stack
 * (a 500) before a rule can refuse it; and strings that JSON allows but no event should carry (NUL,
 * ESC, a lone surrogate that strict JSON parsers reject downstream, a bidi override, a zero-width
 * space: the rules of src/shared/text-rules, which imports and scenario files share) would
 * otherwise be stored in immutable events. Keys that name JavaScript prototype machinery are
 * refused as unknown fields instead of being stripped silently. Every check walks the body
 * iteratively, within fixed bounds.
 */

import { textProblem } from '../../shared/text-rules';

/** Deepest nesting any DTO needs is 4 (claim → costs → amount); 32 leaves room and refuses abuse. */
export const MAX_BODY_DEPTH = 32;
/** Upper bound on values inspected in one body (the JSON parser's size limit already bounds it). */
export const MAX_INSPECTED_VALUES = 200_000;

export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

interface Pending {
  readonly value: unknown;
  readonly path: string;
  readonly depth: number;
}

const childPath = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);
const named = (path: string): string => (path === '' ? 'body' : path);

/**
 * Lists the body's hostile parts as "path: rule" lines (the same form as validation messages);
 * empty when the body is acceptable. Stops at the first problem of each kind of bound, so a
 * hostile body gets a short answer.
 */
export const hostileInputProblems = (body: unknown): string[] => {
  const problems: string[] = [];
  const stack: Pending[] = [{ value: body, path: '', depth: 0 }];
  for (let inspected = 0; stack.length > 0 && problems.length < 20; inspected += 1) {
    if (inspected >= MAX_INSPECTED_VALUES) return [...problems, `body: more than ${MAX_INSPECTED_VALUES} values`];
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) problems.push(`${named(path)}: ${problem}`);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) {
      problems.push(`${named(path)}: nesting deeper than ${MAX_BODY_DEPTH} levels is refused`);
      continue;
    }
    const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
    for (const [key, child] of entries) {
      const path_ = childPath(path, key);
      if (FORBIDDEN_KEYS.has(key)) problems.push(`${path_}: property ${key} should not exist`);
      else if (textProblem(key) !== null) problems.push(`${named(path)}: a property name ${textProblem(key)}`);
      else stack.push({ value: child, path: path_, depth: depth + 1 });
    }
  }
  return problems;
};

/** Finds the first string decoded from invalid UTF-8 (it holds U+FFFD), to name its field. */
export const pathOfReplacementCharacter = (body: unknown): string => {
  const stack: Pending[] = [{ value: body, path: '', depth: 0 }];
  for (let inspected = 0; stack.length > 0 && inspected < MAX_INSPECTED_VALUES; inspected += 1) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string' && value.includes('\uFFFD')) return named(path);
    if (value === null || typeof value !== 'object' || depth >= MAX_BODY_DEPTH) continue;
    for (const [key, child] of Object.entries(value)) {
      if (key.includes('\uFFFD')) return named(path);
      stack.push({ value: child, path: childPath(path, key), depth: depth + 1 });
    }
  }
  return 'body';
};
