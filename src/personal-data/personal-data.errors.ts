import { DomainError } from '../domain/domain-error';

/**
 * Refusals of the personal-data store, as conflicts the HTTP edge maps to 409 like any DomainError. They never carry personal data in their message: only the
 * opaque person id, which may be logged.
 */

/** Erasure is final: data for an erased person is not accepted again. */
export class PersonalDataErasedError extends DomainError {
  constructor(readonly personId: string) {
    super('conflict', 'PERSONAL_DATA_ERASED', `the personal data of person ${personId} was erased; erasure is final`);
  }
}

/** One 身份证号 belongs to one person. */
export class NationalIdInUseError extends DomainError {
  constructor(readonly personId: string) {
    super('conflict', 'NATIONAL_ID_IN_USE', 'nationalId: this 身份证号 is already recorded for another person; look it up with POST /persons/lookup');
  }
}

/** Rows are wrapped under a master key that is neither current nor given as a previous key. */
export class UnknownMasterKeyError extends Error {
  override readonly name = 'UnknownMasterKeyError';
  constructor(currentKeyId: string, missing: ReadonlyArray<{ key_id: string; rows: number }>) {
    super(
      `personal-data store: ${missing.map((entry) => `${entry.rows} record(s) under master key ${entry.key_id}`).join(', ')}, ` +
        `but the configured master key is ${currentKeyId}. Configure the key these records were written with ` +
        `(PERSONAL_DATA_KEY_FILE or PERSONAL_DATA_KEY), or give it in PERSONAL_DATA_PREVIOUS_KEY_FILES to rotate to the new one.`,
    );
  }
}
