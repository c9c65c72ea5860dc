/**
 * The 身份证号 itself (GB 11643-1999): an 18-character number with a province, a real birth date and
 * a check character, or a 15-digit first-generation one. Pure, shared by the detector and the
 * personal-data store's checks.
 */

/** GB 11643-1999 weights of the first 17 digits and the check character for each remainder mod 11. */
const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

/**
 * Province codes (GB/T 2260 first two digits, plus 71/81/82 and 83 for residence permits of
 * Taiwan, Hong Kong and Macao residents). Requiring one keeps an arbitrary 18-digit claim number
 * with a lucky check digit from being taken for an ID.
 */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
]);

/** True when `text` is an 18-character 身份证号 with a province, a real birth date and a valid check digit. */
export const isNationalId = (text: string): boolean => {
  if (!/^\d{17}[\dXx]$/.test(text)) return false;
  if (!PROVINCES.has(Number(text.slice(0, 2)))) return false;
  if (!isBirthDate(text.slice(6, 14))) return false;
  return checkCharacter(text.slice(0, 17)) === text.charAt(17).toUpperCase();
};

/** True when `text` is a 15-digit first-generation 身份证号 (birth date written YYMMDD of 19YY, no check digit). */
export const isLegacyNationalId = (text: string): boolean =>
  /^\d{15}$/.test(text) && PROVINCES.has(Number(text.slice(0, 2))) && isBirthDate(`19${text.slice(6, 12)}`);

/** The GB 11643 check character of 17 digits: Σ digit × weight mod 11, mapped through "10X98765432". */
export const checkCharacter = (seventeenDigits: string): string => {
  let sum = 0;
  for (const [index, weight] of CHECK_WEIGHTS.entries()) sum += Number(seventeenDigits.charAt(index)) * weight;
  return CHECK_CHARACTERS.charAt(sum % 11);
};

const isBirthDate = (yyyymmdd: string): boolean => {
  const [year, month, day] = [Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)), Number(yyyymmdd.slice(6, 8))];
  if (year < 1880 || year > 2099) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};
