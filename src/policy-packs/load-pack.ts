import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isScalar, LineCounter, parseDocument, visit, type Document, type YAMLMap } from 'yaml';
import { canonicalJson } from '../shared/canonical-json';
import { validatePackRules, validateRevisionSet } from '../domain/policy/pack-rules';
import type { PolicyPack, PublishedPack } from '../domain/policy/policy-pack';
import { findPackageRoot } from './package-root.locator';
import { validatePackSchema } from './pack-schema.validator';
import { packTextProblems } from './pack-text';
import { PackValidationError, type PackFileProblem } from './pack-validation.error';

export { PackValidationError, type PackFileProblem } from './pack-validation.error';

/**
 * Loading policy packs: YAML text → plain data with every number as written → the characters no
 * recorded text may hold, and the JSON Schema (which also normalises amounts and ratios to decimal
 * strings) → the semantic rules → a frozen pack with its content hash. Anything wrong, anywhere, is
 * reported at once in a PackValidationError.
 */

const MAX_PACK_FILES = 1000;
const MAX_DIRECTORY_DEPTH = 8;
const MAX_FREEZE_DEPTH = 32;
const PACK_FILE = /\.ya?ml$/;

/** SHA-256 (hex) of the pack's canonical JSON: equal content, equal hash, in every process. */
export const packHash = (pack: PolicyPack): string => createHash('sha256').update(canonicalJson(pack), 'utf8').digest('hex');

/** Parses and validates one pack written in YAML (or JSON, which is YAML); `fileName` only labels problems. */
export const parsePack = (text: string, fileName: string): PublishedPack => validatePackObject(parseYaml(text, fileName), fileName);

/**
 * Validates a pack given as data (a scenario's inline pack, a pack read from an event). The value is
 * deep-copied first, because the schema pass rewrites amounts and ratios in place.
 */
export const validatePackObject = (value: unknown, origin: string): PublishedPack => {
  const data: unknown = structuredClone(value);
  const schemaProblems = [...packTextProblems(data), ...validatePackSchema(data)];
  if (schemaProblems.length > 0) throw new PackValidationError(schemaProblems.map((p) => ({ file: origin, ...p })));
  const pack = data as PolicyPack;
  const ruleProblems = validatePackRules(pack);
  if (ruleProblems.length > 0) throw new PackValidationError(ruleProblems.map((p) => ({ file: origin, ...p })));
  deepFreeze(pack, 0);
  return Object.freeze({ ref: Object.freeze({ region: pack.region, revision: pack.revision, hash: packHash(pack) }), pack });
};

export const loadPackFile = (path: string): PublishedPack => parsePack(readFileSync(path, 'utf8'), path);

/**
 * Loads every `*.yaml` under `directory` (recursively, in path order) and checks each region's set of
 * revisions. All files are read before anything is thrown, so one error lists every problem found.
 */
export const loadPackDirectory = (directory: string): PublishedPack[] => loadPackDirectories([directory]);

/**
 * Loads the packs of several directories and checks their revisions as one set, so two directories
 * that each pass alone cannot together hold overlapping revisions of a region (the rule the policy
 * registry applies to each publication, docs/policy-packs.md *Corrections*).
 */
export const loadPackDirectories = (directories: readonly string[]): PublishedPack[] => {
  const loaded: Array<{ file: string; published: PublishedPack }> = [];
  const problems: PackFileProblem[] = [];
  for (const file of directories.flatMap(packFiles)) {
    try {
      loaded.push({ file, published: loadPackFile(file) });
    } catch (error) {
      if (!(error instanceof PackValidationError)) throw error;
      problems.push(...error.problems);
    }
  }
  problems.push(...revisionSetProblems(loaded));
  if (problems.length > 0) throw new PackValidationError(problems);
  return loaded.map((entry) => entry.published).sort(byRegionThenDate);
};

/** The packs shipped with the ledger under `policies/`, found from the package root (works from dist/ too). */
export const loadSeedPacks = (): PublishedPack[] => loadPackDirectory(seedPolicyDirectory());

/**
 * The shipped packs plus the operator's (POLICY_DIR), as the service and the CLI publish them at start:
 * checked as one revision set, so an operator pack that overlaps a shipped one is refused with its file
 * before anything is published.
 */
export const loadSeedAndOperatorPacks = (policyDir: string | undefined): PublishedPack[] =>
  loadPackDirectories(policyDir === undefined ? [seedPolicyDirectory()] : [seedPolicyDirectory(), policyDir]);

export const seedPolicyDirectory = (): string => join(findPackageRoot(), 'policies');

// ---------------------------------------------------------------------------------------------

/**
 * YAML turns `0.70` into the float 0.7. Ratios are kept as written and amounts must never pass through
 * a float, so every number that is not a plain integer is replaced by its source text before the
 * document becomes data; the schema then decides whether that text is an acceptable amount or ratio.
 */
const parseYaml = (text: string, fileName: string): unknown => {
  const lineCounter = new LineCounter();
  // The library's own uniqueKeys check compares each key with every earlier one of its map, which on a
  // draft of thousands of keys held the service's thread for a second; duplicateKeys does it with a set.
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: false, lineCounter });
  const errors = document.errors.map((error) => ({ file: fileName, path: yamlPosition(error.linePos?.[0]), rule: 'yaml', message: firstLine(error.message) }));
  if (errors.length > 0) throw new PackValidationError(errors);
  const duplicates: PackFileProblem[] = [];
  visit(document, {
    Map(_key, node) {
      for (const offset of duplicateKeyOffsets(node)) duplicates.push({ file: fileName, path: yamlPosition(lineCounter.linePos(offset)), rule: 'yaml', message: 'Map keys must be unique' });
    },
  });
  if (duplicates.length > 0) throw new PackValidationError(duplicates);
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value === 'number' && isScalar(node) && node.source !== undefined && !/^-?\d+$/.test(node.source)) node.value = node.source;
    },
  });
  return toData(document, fileName);
};

/**
 * Where each repeated scalar key of a map starts, in one pass: a key equals an earlier one when both are
 * scalars of the same type and value, as the library's own check has it (`"2022"` and `2022` differ).
 */
const duplicateKeyOffsets = (map: YAMLMap): number[] => {
  const seen = new Set<string>();
  const offsets: number[] = [];
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    const identity = `${typeof pair.key.value}:${String(pair.key.value)}`;
    if (seen.has(identity)) offsets.push(pair.key.range?.[0] ?? 0);
    seen.add(identity);
  }
  return offsets;
};

/** The library's bound on alias expansions (uses of an alias, weighted by the aliases it holds); shared anchors in a pack stay far below it. */
const ALIASES_MAX = 100;

/**
 * The document as data. A document whose aliases expand past the bound (an "alias bomb", a few
 * lines that would become billions of nodes) makes the library throw a ReferenceError; that is a
 * refusal of the pack like any other, not a failure of the service, so it is reported as a problem
 * of the document. Any other error is a fault of this code or the library's and is passed on.
 */
const toData = (document: Document, fileName: string): unknown => {
  try {
    return document.toJS({ maxAliasCount: ALIASES_MAX });
  } catch (error) {
    if (!(error instanceof ReferenceError && /alias/i.test(error.message))) throw error;
    const message = `the document's aliases expand past the bound of ${ALIASES_MAX}; write the values out or use fewer aliases`;
    throw new PackValidationError([{ file: fileName, path: '(document)', rule: 'yaml', message }]);
  }
};

/** Pretty YAML errors append a code excerpt on further lines; the problem list keeps one line per problem. */
const firstLine = (text: string): string => (text.split('\n')[0] ?? text).replace(/ at line \d+, column \d+:?$/, '');

const yamlPosition = (position: { line: number; col: number } | undefined): string =>
  position ? `line ${position.line}, column ${position.col}` : '(document)';

const packFiles = (directory: string): string[] => {
  const files: string[] = [];
  const walk = (current: string, depth: number): void => {
    if (depth > MAX_DIRECTORY_DEPTH) throw new Error(`${current}: policy directories nest deeper than ${MAX_DIRECTORY_DEPTH} levels`);
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path, depth + 1);
      else if (PACK_FILE.test(name)) files.push(path);
      if (files.length > MAX_PACK_FILES) throw new Error(`${directory}: more than ${MAX_PACK_FILES} policy files`);
    }
  };
  walk(directory, 0);
  return files;
};

const revisionSetProblems = (loaded: ReadonlyArray<{ file: string; published: PublishedPack }>): PackFileProblem[] => {
  const fileOf = new Map(loaded.map(({ file, published }) => [`${published.ref.region}/${published.ref.revision}`, file]));
  return validateRevisionSet(loaded.map((entry) => entry.published.pack)).map((problem) => {
    const key = problem.path.replace(/\.corrects$/, '');
    return { file: fileOf.get(key) ?? key, ...problem };
  });
};

const byRegionThenDate = (a: PublishedPack, b: PublishedPack): number =>
  a.pack.region.localeCompare(b.pack.region) || a.pack.effectiveFrom.localeCompare(b.pack.effectiveFrom) || a.pack.revision.localeCompare(b.pack.revision);

/** A published revision is immutable (domain contract §4); freezing makes an accidental edit throw. */
const deepFreeze = (value: unknown, depth: number): void => {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  if (depth > MAX_FREEZE_DEPTH) throw new RangeError(`policy pack nests deeper than ${MAX_FREEZE_DEPTH} levels`);
  Object.values(value).forEach((child) => deepFreeze(child, depth + 1));
  Object.freeze(value);
};

