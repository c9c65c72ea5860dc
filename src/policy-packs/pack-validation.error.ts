import { listedAtMost } from '../shared/listed-at-most';

/** One problem found while loading a pack: the file, the path inside the pack, the rule broken, and why. */
export interface PackFileProblem {
  readonly file: string;
  readonly path: string;
  /** A semantic rule of pack-rules.ts ("ratio-range"), or a schema keyword ("schema:required"), or "yaml". */
  readonly rule: string;
  readonly message: string;
}

/**
 * Thrown when one or more packs are refused. The message lists the problems, one per line, as
 * `file: path: rule: message`, so that an operator fixes all of them in one pass rather than one per run;
 * past the first hundred it only counts them, since a message of thousands of lines helps no one.
 */
export class PackValidationError extends Error {
  override readonly name = 'PackValidationError';

  constructor(readonly problems: readonly PackFileProblem[]) {
    super(
      [
        `Policy pack validation failed with ${problems.length} problem${problems.length === 1 ? '' : 's'}:`,
        ...listedAtMost(problems.map((p) => `${p.file}: ${p.path}: ${p.rule}: ${p.message}`)).map((line) => `  ${line}`),
      ].join('\n'),
    );
  }
}
