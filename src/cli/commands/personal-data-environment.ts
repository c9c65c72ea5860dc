import type { PersonalDataStore } from '../../personal-data/personal-data.port';
import type { Environment } from './projections-environment';

/**
 * The personal-data store the CLI resolves 身份证号 with. The encrypted store (issue 11, part B) is
 * built beside this work; until it is on main, the CLI has none, and rows that name a person by
 * 身份证号 are reported as errors ("give 人员编号") instead of being guessed.
 * TODO(issue 11 part B): open the real store from the same settings as the service.
 */
export const openPersonalDataFromEnvironment = (_env: Environment): PersonalDataStore | null => null;
