import type { PersonalData, PersonalDataStore } from '../../src/personal-data/personal-data.port';

/**
 * The personal-data port in memory, for tests of code that resolves 身份证号 or reads identifiers
 * (imports, exports) until and beside the real encrypted store. It keeps the port's promises: an
 * erased person reads as null and is no longer found by 身份证号. `reads` counts every read, so a
 * test can show that an export for a role without access to identifiers read nothing.
 */
export class InMemoryPersonalDataStore implements PersonalDataStore {
  private readonly data = new Map<string, PersonalData>();
  private readonly byNationalId = new Map<string, string>();
  readonly reads: string[] = [];
  closed = false;

  async put(personId: string, data: PersonalData): Promise<void> {
    const previous = this.data.get(personId);
    if (previous?.nationalId) this.byNationalId.delete(previous.nationalId);
    this.data.set(personId, { ...data });
    if (data.nationalId) this.byNationalId.set(data.nationalId, personId);
  }

  async read(personId: string): Promise<PersonalData | null> {
    this.reads.push(personId);
    return this.data.get(personId) ?? null;
  }

  async findPersonIdByNationalId(nationalId: string): Promise<string | null> {
    return this.byNationalId.get(nationalId) ?? null;
  }

  async erase(personId: string): Promise<void> {
    const previous = this.data.get(personId);
    if (previous?.nationalId) this.byNationalId.delete(previous.nationalId);
    this.data.delete(personId);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
