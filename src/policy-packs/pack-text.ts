import { textProblem } from '../shared/text-rules';
import { walkValue, type PathNaming, type WalkLimits } from '../shared/value-walk';
import type { SchemaProblem } from './pack-schema.validator';

/**
 * A pack's strings (titles, documents, notes, category names) are recorded in PolicyPublished and
 * shown to inspectors, so they obey the rule every recorded text obeys (src/shared/text-rules). A
 * pack sent over HTTP was already checked as a JSON body; a pack file, a scenario's inline pack and
 * a YAML draft were not, and a title holding a right-to-left override displayed other text than it
 * recorded. Keys are checked too, as a category code is shown wherever a claim's category is.
 */

/** Far deeper and larger than any pack; what lies beyond the bounds is not checked here (and not reported). */
const LIMITS: WalkLimits = { maxDepth: 32, maxValues: 100_000 };
/** Paths as the schema validator names them (`documents[0].title`), so one pack's problems read alike. */
const NAMING: PathNaming = { root: '(root)', numericKeys: 'bracketed' };

/** Every string of `pack` (keys included) that breaks the text rules, as schema-style problems; bounded in depth and count. */
export const packTextProblems = (pack: unknown): SchemaProblem[] => {
  const problems: SchemaProblem[] = [];
  walkValue(pack, LIMITS, NAMING, {
    onString: (text, path) => {
      const problem = textProblem(text);
      if (problem !== null) problems.push({ path, rule: 'text', message: problem });
    },
    onKey: (key, path) => {
      const problem = textProblem(key);
      if (problem !== null) problems.push({ path, rule: 'text', message: `a key ${problem}` });
      return problem === null;
    },
  });
  return problems;
};
