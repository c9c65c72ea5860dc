/**
 * Personal data lives apart from the ledger (issue 11): names, 身份证号, phone numbers and addresses
 * are kept here, encrypted per person, and never in an event, a read model, a URL or a log. The
 * ledger refers to a person only by the opaque `personId`.
 */
export interface PersonalData {
  readonly name?: string;
  /** 居民身份证号: 18 characters with a valid check digit. */
  readonly nationalId?: string;
  readonly phone?: string;
  readonly address?: string;
}

export interface PersonalDataStore {
  /** Stores (or replaces) a person's personal data, encrypted under that person's own data key. */
  put(personId: string, data: PersonalData): Promise<void>;
  /** The person's personal data; `null` when none was stored or it was erased. */
  read(personId: string): Promise<PersonalData | null>;
  /** The person id recorded for a 身份证号, found through a keyed-hash index; `null` when unknown or erased. */
  findPersonIdByNationalId(nationalId: string): Promise<string | null>;
  /** Crypto-shredding: destroys the person's data key, so the stored data can never be read again. */
  erase(personId: string): Promise<void>;
  close(): Promise<void>;
}

/** Injection token of the personal-data store (a plain string, so this port stays free of NestJS). */
export const PERSONAL_DATA_STORE = 'PERSONAL_DATA_STORE';
