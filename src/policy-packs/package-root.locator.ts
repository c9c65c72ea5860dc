import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** How far up from a module the package root may be: src/policy-packs or dist/policy-packs sit two levels below it. */
const MAX_LEVELS_UP = 8;

/**
 * The directory of the `package.json` named `name`, found by walking up from `start`. The shipped
 * policies and the published schema are resolved from it, so that the same code finds them when run
 * from `src/` through ts-node or jest and from `dist/` after a build.
 */
export const findPackageRoot = (start: string = __dirname, name = 'benefits-ledger'): string => {
  let directory = start;
  for (let level = 0; level <= MAX_LEVELS_UP; level += 1) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest) && readPackageName(manifest) === name) return directory;
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  throw new Error(`No package.json named ${name} within ${MAX_LEVELS_UP} levels above ${start}`);
};

const readPackageName = (manifest: string): string | undefined => {
  try {
    const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as { name?: string }).name : undefined;
  } catch {
    // A malformed package.json further up (a fixture, a vendored package) is simply not ours.
    return undefined;
  }
};
