/**
 * Disease codes a claim may carry: the national 门诊慢特病 病种 code of the 医保信息平台 ("M03900" 高血压病,
 * "M01600" 糖尿病: M and five digits) or an ICD-10 code as the 医保版 writes it ("E11", "E11.9",
 * "E11.900", "E11.900x001"). Only the form is checked here; whether a pack lists the disease is the pack's.
 */

const NATIONAL_CHRONIC_DISEASE_CODE = /^M\d{5}$/;
const ICD10_CODE = /^[A-Z]\d{2}(\.[0-9A-Z]{1,4}(x\d{3})?)?$/;
/** Either form, for edge validators (class-validator `@Matches`); the JSON Schema writes the same pattern. */
export const DISEASE_CODE_PATTERN = /^(M\d{5}|[A-Z]\d{2}(\.[0-9A-Z]{1,4}(x\d{3})?)?)$/;

export const DISEASE_CODE_FORMS = 'a national 门诊慢特病 病种 code (M and five digits, "M03900") or an ICD-10 code ("E11", "E11.900")';

export const isDiseaseCode = (value: unknown): value is string =>
  typeof value === 'string' && (NATIONAL_CHRONIC_DISEASE_CODE.test(value) || ICD10_CODE.test(value));

/**
 * A listed code matches itself and, for ICD-10, every subdivision of it: "E11" matches "E11.900",
 * "E11.9" matches "E11.900"; "E11" does not match "E110" (not a code) nor "E12".
 */
export const diseaseCodeMatches = (listed: string, claimed: string): boolean => {
  if (claimed === listed) return true;
  if (NATIONAL_CHRONIC_DISEASE_CODE.test(listed)) return false;
  return claimed.startsWith(listed.includes('.') ? listed : `${listed}.`);
};
