/**
 * One walk over a plain value (a parsed JSON body, a policy pack read from YAML), for the checks that
 * must see every string and key of it before anything else recurses over it. The walk is iterative,
 * with an explicit stack, so a value nested 20,000 levels deep cannot overflow the call stack; it
 * stops descending at a fixed depth and stops altogether after a fixed number of values, so a hostile
 * value costs a bounded amount of work. What counts as a problem, and the words for it, stay with
 * each caller: the walk only reports what it meets, with the path of each place named in the
 * caller's style. A leaf with no imports, so the HTTP edge (src/api) and the pack loader
 * (src/policy-packs), which may not import each other, walk alike.
 */

/** Keys that name JavaScript prototype machinery: a caller that would assign them refuses them. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** How the places of a value are named in what a caller reports. */
export interface PathNaming {
  /** The name of the value itself ("body", "(root)"). */
  readonly root: string;
  /**
   * 'dotted': every key after a dot (`list.0.name`); 'bracketed': a key of digits only in brackets
   * (`list[0].name`), the form schema validators report array items in.
   */
  readonly numericKeys: 'dotted' | 'bracketed';
}

/** The bounds of one walk: both must be set, so no caller walks without them. */
export interface WalkLimits {
  /** Objects and arrays at this depth (the value itself is at 0) are reported, not descended into. */
  readonly maxDepth: number;
  /** The most values taken from the stack; a value holding more ends its walk as 'too-many-values'. */
  readonly maxValues: number;
}

/**
 * What the walk tells its caller. Every callback is optional; paths arrive already named. A key is
 * offered before its value is put on the stack, so a caller that refuses a key keeps its value unwalked.
 */
export interface ValueVisitor {
  /** A string value, wherever it stands (depth does not hide a string). */
  readonly onString?: (text: string, path: string) => void;
  /** An object or array at the depth bound, whose contents are not walked. */
  readonly onTooDeep?: (path: string) => void;
  /**
   * With this callback, a key of PROTOTYPE_KEYS is reported at its own path and its value is not
   * walked; without it, such a key is an ordinary key.
   */
  readonly onPrototypeKey?: (key: string, keyPath: string) => void;
  /** Any other key of the object at `path`; false leaves its value unwalked. */
  readonly onKey?: (key: string, path: string) => boolean;
  /** Asked before each value: true ends the walk there (a caller that has found enough). */
  readonly done?: () => boolean;
}

/** How a walk ended: every value seen, ended by the caller's `done`, or at the bound on values. */
export type WalkEnd = 'complete' | 'stopped' | 'too-many-values';

interface Pending {
  readonly value: unknown;
  /** The path as keys joined, '' for the value itself; named only when reported. */
  readonly path: string;
  readonly depth: number;
}

const DIGITS = /^\d+$/;

const childPath = (path: string, key: string, naming: PathNaming): string => {
  if (naming.numericKeys === 'bracketed' && DIGITS.test(key)) return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
};

/** The path of a place as a caller reports it: the root's own name for the value itself. */
export const namedPath = (path: string, naming: PathNaming): string => (path === '' ? naming.root : path);

/**
 * Walks `value` depth-first, within `limits`, telling `visitor` what it meets. Arrays are walked as
 * objects keyed by their indices, so both name their items alike.
 */
export const walkValue = (value: unknown, limits: WalkLimits, naming: PathNaming, visitor: ValueVisitor): WalkEnd => {
  const stack: Pending[] = [{ value, path: '', depth: 0 }];
  // Bounded by limits.maxValues: each turn takes one value from the stack.
  for (let taken = 0; stack.length > 0; taken += 1) {
    if (visitor.done?.() === true) return 'stopped';
    if (taken >= limits.maxValues) return 'too-many-values';
    const pending = stack.pop()!;
    const path = namedPath(pending.path, naming);
    if (typeof pending.value === 'string') visitor.onString?.(pending.value, path);
    if (pending.value === null || typeof pending.value !== 'object') continue;
    if (pending.depth >= limits.maxDepth) {
      visitor.onTooDeep?.(path);
      continue;
    }
    for (const [key, child] of Object.entries(pending.value)) {
      const keyPath = childPath(pending.path, key, naming);
      if (visitor.onPrototypeKey !== undefined && PROTOTYPE_KEYS.has(key)) visitor.onPrototypeKey(key, namedPath(keyPath, naming));
      else if (visitor.onKey?.(key, path) !== false) stack.push({ value: child, path: keyPath, depth: pending.depth + 1 });
    }
  }
  return 'complete';
};
