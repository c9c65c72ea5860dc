import { textProblem } from '../shared/text-rules';
import type { SchemaProblem } from './pack-schema.validator';

/**
 * A pack's strings (titles, documents, notes, category names) are recorded in PolicyPublished and
 * shown to inspectors, so they obey the rule every recorded text obeys (src/shared/text-rules). A
 * pack sent over HTTP was already checked as a JSON body; a pack file, a scenario's inline pack and
 * a YAML draft were not, and a title holding a right-to-left override displayed other text than it
 * recorded. Keys are checked too, as a category code is shown wherever a claim's category is.
 */

const MAX_DEPTH = 32;
const MAX_VALUES = 100_000;

interface Pending {
  readonly value: unknown;
  readonly path: string;
  readonly depth: number;
}

const childPath = (path: string, key: string): string => (/^\d+$/.test(key) ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`);
const named = (path: string): string => (path === '' ? '(root)' : path);

/** Every string of `pack` (keys included) that breaks the text rules, as schema-style problems; bounded in depth and count. */
export const packTextProblems = (pack: unknown): SchemaProblem[] => {
  const problems: SchemaProblem[] = [];
  const stack: Pending[] = [{ value: pack, path: '', depth: 0 }];
  for (let inspected = 0; stack.length > 0 && inspected < MAX_VALUES; inspected += 1) {
    const { value, path, depth } = stack.pop()!;
    const problem = typeof value === 'string' ? textProblem(value) : null;
    if (problem !== null) problems.push({ path: named(path), rule: 'text', message: problem });
    if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) continue;
    for (const [key, child] of Object.entries(value)) {
      const keyProblem = textProblem(key);
      if (keyProblem !== null) problems.push({ path: named(path), rule: 'text', message: `a key ${keyProblem}` });
      else stack.push({ value: child, path: childPath(path, key), depth: depth + 1 });
    }
  }
  return problems;
};
