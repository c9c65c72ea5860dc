import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Fresh directories under the system's temporary folder for one spec file, removed together: call
 * `removeAll` from `afterAll`.
 */
export const temporaryDirectories = (prefix: string): { readonly newDir: () => string; readonly removeAll: () => void } => {
  const directories: string[] = [];
  return {
    newDir: () => {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      directories.push(dir);
      return dir;
    },
    removeAll: () => {
      for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
};
