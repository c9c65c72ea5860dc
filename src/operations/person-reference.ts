import type { PersonalDataStore } from '../personal-data/personal-data.port';
import { checkNationalId, type Parsed } from './tabular/cell-values';

/**
 * A row names its person by the ledger's id (人员编号) or by 身份证号. A 身份证号 is resolved through
 * the personal-data store's keyed-hash index and then dropped: it never reaches an event, a report
 * or a log. Lookups are memoised per file, so a person on many rows costs one lookup.
 */
export class PersonResolver {
  private readonly known = new Map<string, string | null>();

  constructor(private readonly personalData: PersonalDataStore | null) {}

  async resolve(personIdCell: string, nationalIdCell: string): Promise<Parsed<string> & { readonly column: 'personId' | 'nationalId' }> {
    if (personIdCell !== '') {
      return /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(personIdCell)
        ? { ok: true, value: personIdCell, column: 'personId' }
        : { ok: false, reason: '人员编号 must be 1 to 64 letters, digits, ".", "_", ":" or "-"', column: 'personId' };
    }
    if (nationalIdCell === '') return { ok: false, reason: 'neither 人员编号 nor 身份证号 is given', column: 'nationalId' };
    const checked = checkNationalId(nationalIdCell);
    if (!checked.ok) return { ...checked, column: 'nationalId' };
    if (this.personalData === null) {
      return { ok: false, reason: 'no personal-data store is configured, so 身份证号 cannot be resolved; give 人员编号', column: 'nationalId' };
    }
    if (!this.known.has(checked.value)) this.known.set(checked.value, await this.personalData.findPersonIdByNationalId(checked.value));
    const personId = this.known.get(checked.value) ?? null;
    return personId === null
      ? { ok: false, reason: '身份证号 is not registered with the personal-data store (register the person first)', column: 'nationalId' }
      : { ok: true, value: personId, column: 'nationalId' };
  }
}
