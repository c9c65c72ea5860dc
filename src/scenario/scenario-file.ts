import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { PublishedPack } from '../domain/policy/policy-pack';
import { loadPackFile, loadSeedPacks, validatePackObject } from '../policy-packs/load-pack';
import { isObject, type Json, type JsonObject } from './scenario-fields';

/**
 * Reading a scenario file (domain contract §9) and resolving its policies. Anything wrong here is the
 * file's fault, not a step's: it is thrown as `ScenarioFileError` and the CLI exits with code 2
 * without running anything.
 */

export const MAX_SCENARIO_BYTES = 10 * 1024 * 1024;
export const MAX_STEPS = 10_000;
export const MAX_POLICIES = 100;

export class ScenarioFileError extends Error {
  override readonly name = 'ScenarioFileError';
}

export interface ScenarioStep {
  readonly index: number;
  readonly command: string;
  readonly fields: JsonObject;
}

export interface Scenario {
  readonly file: string;
  readonly description: string | null;
  readonly policies: readonly PublishedPack[];
  readonly steps: readonly ScenarioStep[];
}

export const readScenarioFile = (file: string): Scenario => {
  const path = resolve(file);
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats === undefined) throw new ScenarioFileError(`${file}: no such file`);
  if (!stats.isFile()) throw new ScenarioFileError(`${file}: not a file (a scenario is one JSON file)`);
  if (stats.size > MAX_SCENARIO_BYTES) throw new ScenarioFileError(`${file}: larger than ${MAX_SCENARIO_BYTES} bytes`);
  return parseScenario(readFileSync(path, 'utf8'), path);
};

/** Parses scenario text; `path` locates relative pack paths and labels problems. */
export const parseScenario = (text: string, path: string): Scenario => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ScenarioFileError(`${path}: not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw new ScenarioFileError(`${path}: a scenario is a JSON object with "policies" and "steps"`);
  const unknown = Object.keys(parsed).filter((key) => !['description', 'comment', 'policies', 'steps'].includes(key));
  if (unknown.length > 0) throw new ScenarioFileError(`${path}: unknown top-level field "${unknown[0]}" (allowed: description, comment, policies, steps)`);
  return {
    file: path,
    description: typeof parsed.description === 'string' ? parsed.description : null,
    policies: resolvePolicies(parsed.policies ?? [], path),
    steps: readSteps(parsed.steps, path),
  };
};

const readSteps = (value: Json | undefined, path: string): ScenarioStep[] => {
  if (!Array.isArray(value)) throw new ScenarioFileError(`${path}: "steps" must be an array`);
  if (value.length > MAX_STEPS) throw new ScenarioFileError(`${path}: more than ${MAX_STEPS} steps`);
  return value.map((step, index) => {
    if (!isObject(step) || typeof step.command !== 'string') {
      throw new ScenarioFileError(`${path}: steps[${index}] must be an object with a "command" string`);
    }
    return { index, command: step.command, fields: step };
  });
};

const resolvePolicies = (value: Json, path: string): PublishedPack[] => {
  if (!Array.isArray(value)) throw new ScenarioFileError(`${path}: "policies" must be an array`);
  if (value.length > MAX_POLICIES) throw new ScenarioFileError(`${path}: more than ${MAX_POLICIES} policies`);
  return value.flatMap((entry, index) => resolvePolicy(entry, dirname(path), `${path}: policies[${index}]`));
};

/**
 * One entry of "policies" (or a PublishPolicy step's "policy"): a pack file path relative to the
 * scenario, an inline pack object, or `{ "seed": "<region>", "revision"?: "<revision>" }` naming
 * shipped packs (every revision of the region, oldest first, when no revision is given).
 */
export const resolvePolicy = (entry: Json, baseDirectory: string, label: string): PublishedPack[] => {
  if (typeof entry === 'string') return [loadPackFile(existingFile(isAbsolute(entry) ? entry : resolve(baseDirectory, entry), label))];
  if (isObject(entry) && typeof entry.seed === 'string') return seedPacks(entry.seed, entry.revision, label);
  if (isObject(entry)) return [validatePackObject(entry, label)];
  throw new ScenarioFileError(`${label}: a policy is a pack file path, an inline pack object or { "seed": "<region>" }`);
};

const existingFile = (path: string, label: string): string => {
  if (statSync(path, { throwIfNoEntry: false })?.isFile() !== true) throw new ScenarioFileError(`${label}: no pack file ${path}`);
  return path;
};

let shipped: PublishedPack[] | undefined;

const seedPacks = (region: string, revision: Json | undefined, label: string): PublishedPack[] => {
  // Loaded only when a scenario asks for a seed, and once per process.
  shipped ??= loadSeedPacks();
  const chosen = shipped
    .filter((pack) => pack.ref.region === region && (revision === undefined || pack.ref.revision === revision))
    .sort((left, right) => left.pack.effectiveFrom.localeCompare(right.pack.effectiveFrom));
  if (chosen.length === 0) throw new ScenarioFileError(`${label}: no shipped pack ${region}${revision === undefined ? '' : `/${String(revision)}`}`);
  return chosen;
};
