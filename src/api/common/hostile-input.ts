/**
 * Refusal of hostile request bodies before any DTO transformation runs. class-transformer and
 * class-validator recurse over the body, so a body nested 20,000 levels deep overflows the stack
 * (a 500) before a rule can refuse it; and strings that JSON allows but no event should carry (NUL,
 * ESC, a lone surrogate that strict JSON parsers reject downstream, a bidi override, a zero-width
 * space: the rules of src/shared/text-rules, which imports and scenario files share) would
 * otherwise be stored in immutable events. Keys that name JavaScript prototype machinery are
 * refused as unknown fields instead of being stripped silently. Every check walks the body
 * iteratively, within fixed bounds (src/shared/value-walk).
 */

import { textProblem } from '../../shared/text-rules';
import { PROTOTYPE_KEYS, walkValue, type PathNaming, type WalkLimits } from '../../shared/value-walk';

/** Deepest nesting any DTO needs is 4 (claim → costs → amount); 32 leaves room and refuses abuse. */
export const MAX_BODY_DEPTH = 32;
/** Upper bound on values inspected in one body (the JSON parser's size limit already bounds it). */
export const MAX_INSPECTED_VALUES = 200_000;
/** The problems after which a body is answered: a hostile body gets a short answer. */
const PROBLEMS_MAX = 20;

export const FORBIDDEN_KEYS: ReadonlySet<string> = PROTOTYPE_KEYS;

const LIMITS: WalkLimits = { maxDepth: MAX_BODY_DEPTH, maxValues: MAX_INSPECTED_VALUES };
/** Fields named as class-validator names them (`costs.total`, `items.0.code`), so every 400 reads alike. */
const NAMING: PathNaming = { root: 'body', numericKeys: 'dotted' };

/**
 * Lists the body's hostile parts as "path: rule" lines (the same form as validation messages);
 * empty when the body is acceptable. Stops once it has found a few problems, so a hostile body gets
 * a short answer.
 */
export const hostileInputProblems = (body: unknown): string[] => {
  const problems: string[] = [];
  const end = walkValue(body, LIMITS, NAMING, {
    onString: (text, path) => {
      const problem = textProblem(text);
      if (problem) problems.push(`${path}: ${problem}`);
    },
    onTooDeep: (path) => problems.push(`${path}: nesting deeper than ${MAX_BODY_DEPTH} levels is refused`),
    onPrototypeKey: (key, keyPath) => problems.push(`${keyPath}: property ${key} should not exist`),
    onKey: (key, path) => {
      const problem = textProblem(key);
      if (problem !== null) problems.push(`${path}: a property name ${problem}`);
      return problem === null;
    },
    done: () => problems.length >= PROBLEMS_MAX,
  });
  return end === 'too-many-values' ? [...problems, `body: more than ${MAX_INSPECTED_VALUES} values`] : problems;
};

/** Finds the first string decoded from invalid UTF-8 (it holds U+FFFD), to name its field. */
export const pathOfReplacementCharacter = (body: unknown): string => {
  let found: string | null = null;
  walkValue(body, LIMITS, NAMING, {
    onString: (text, path) => {
      if (text.includes('\uFFFD')) found ??= path;
    },
    // A key is named by the object that holds it, as a property-name problem is.
    onKey: (key, path) => {
      if (key.includes('\uFFFD')) found ??= path;
      return found === null;
    },
    done: () => found !== null,
  });
  return found ?? 'body';
};
