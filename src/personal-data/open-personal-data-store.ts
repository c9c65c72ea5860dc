import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadMasterKeys, type MasterKeySettings } from './master-key';
import { PERSONAL_DATA_FILE, SqlitePersonalDataStore } from './sqlite-personal-data.store';

export interface OpenedPersonalDataStore {
  readonly store: SqlitePersonalDataStore;
  /** Id of the master key in use (public: it names the key, it is not the key). */
  readonly keyId: string;
  /** Path of the key file generated on this start (embedded default, first start), else null. */
  readonly generatedKeyFile: string | null;
}

/**
 * Opens `DATA_DIR/personal-data.sqlite` with the configured master key: the one way in for both
 * the HTTP service and the CLI (an import resolves 身份证号 through it), so both see the same keys,
 * the same rotation and the same file mode.
 */
export const openPersonalDataStore = (dataDir: string, settings: MasterKeySettings): OpenedPersonalDataStore => {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const keys = loadMasterKeys(settings);
  const store = SqlitePersonalDataStore.open({ file: join(dataDir, PERSONAL_DATA_FILE), keys });
  return { store, keyId: keys.current.id, generatedKeyFile: keys.generatedFile };
};
