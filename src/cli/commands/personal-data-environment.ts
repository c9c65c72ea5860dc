import { validateEnvironment } from '../../config/app.config';
import { openPersonalDataStore, type OpenedPersonalDataStore } from '../../personal-data/open-personal-data-store';
import type { Environment } from './projections-environment';

/**
 * Opens the personal-data store the service would open, from the same variables (`DATA_DIR`,
 * `PERSONAL_DATA_KEY_FILE` / `PERSONAL_DATA_KEY`, `PERSONAL_DATA_PREVIOUS_KEY_FILES`) and the same
 * validation: a roster import resolves 身份证号 to person ids through it, never by putting the
 * number anywhere else. Close the store when done.
 */
export const openPersonalDataFromEnvironment = (env: Environment): OpenedPersonalDataStore => {
  const config = validateEnvironment(env);
  return openPersonalDataStore(config.dataDir, config.personalDataKey);
};
