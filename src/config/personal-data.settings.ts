import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { KEY_TEXT_RULE, parseKeyText, type MasterKeySettings } from '../personal-data/master-key';
import type { ConfigIssue } from './app.config';

/** At most this many previous master keys may be given at once (a rotation needs one). */
const PREVIOUS_KEYS_MAX = 8;

/**
 * The master key of the personal-data store (docs/running.md, docs/security.md):
 * `PERSONAL_DATA_KEY_FILE` (a file holding the key) or `PERSONAL_DATA_KEY` (the key itself), never
 * both; neither selects the embedded default, a key generated into the data directory.
 * `PERSONAL_DATA_PREVIOUS_KEY_FILES` lists earlier keys (comma-separated files) during a rotation.
 */
export const parsePersonalDataSettings = (read: (name: string) => string | undefined, dataDir: string, issues: ConfigIssue[]): MasterKeySettings => {
  const keyFile = read('PERSONAL_DATA_KEY_FILE');
  const keyText = read('PERSONAL_DATA_KEY');
  const previousKeyFiles = parsePreviousKeyFiles(read('PERSONAL_DATA_PREVIOUS_KEY_FILES'), issues);
  if (keyFile !== undefined && keyText !== undefined) {
    issues.push({ variable: 'PERSONAL_DATA_KEY', rule: 'must not be set together with PERSONAL_DATA_KEY_FILE (choose one)', value: '(hidden)' });
  }
  if (keyFile !== undefined) {
    if (!isFile(keyFile)) issues.push({ variable: 'PERSONAL_DATA_KEY_FILE', rule: 'must name an existing file', value: keyFile });
    return { source: { kind: 'file', path: resolve(keyFile) }, previousKeyFiles };
  }
  if (keyText !== undefined) {
    // The value is a secret: the issue never repeats it.
    if (parseKeyText(keyText) === null) issues.push({ variable: 'PERSONAL_DATA_KEY', rule: KEY_TEXT_RULE, value: '(hidden)' });
    return { source: { kind: 'environment', value: keyText }, previousKeyFiles };
  }
  return { source: { kind: 'generated', dataDir }, previousKeyFiles };
};

const parsePreviousKeyFiles = (text: string | undefined, issues: ConfigIssue[]): string[] => {
  if (text === undefined) return [];
  const files = text.split(',').map((file) => file.trim()).filter((file) => file !== '');
  if (files.length > PREVIOUS_KEYS_MAX) issues.push({ variable: 'PERSONAL_DATA_PREVIOUS_KEY_FILES', rule: `must list at most ${PREVIOUS_KEYS_MAX} files`, value: text });
  const missing = files.filter((file) => !isFile(file));
  if (missing.length > 0) issues.push({ variable: 'PERSONAL_DATA_PREVIOUS_KEY_FILES', rule: 'must list existing files, separated by commas', value: missing.join(',') });
  return files.slice(0, PREVIOUS_KEYS_MAX).map((file) => resolve(file));
};

const isFile = (path: string): boolean => statSync(resolve(path), { throwIfNoEntry: false })?.isFile() === true;
