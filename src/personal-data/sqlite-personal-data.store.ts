import Database from 'better-sqlite3';
import { createPrivateFile } from '../shared/private-file';
import { hmacHex, newDataKey, open, seal } from './envelope-crypto';
import type { MasterKey, MasterKeyRing } from './master-key';
import { isNationalId } from './personal-identifier';
import type { PersonalData, PersonalDataStore } from './personal-data.port';
import { PersonalDataErasedError, NationalIdInUseError, UnknownMasterKeyError } from './personal-data.errors';

export const PERSONAL_DATA_FILE = 'personal-data.sqlite';
/** Rows re-wrapped per transaction while rotating, so a rotation never holds the write lock for long. */
export const ROTATE_BATCH_ROWS_MAX = 500;
/** A bound on rotation batches: 10 million persons. */
const ROTATE_BATCHES_MAX = 20_000;

const RECORD_AAD = (personId: string): string => `benefits-ledger/personal-data/record/v1|${personId}`;
const WRAP_AAD = (personId: string, keyId: string): string => `benefits-ledger/personal-data/data-key/v1|${personId}|${keyId}`;
const PERSONAL_FIELDS = ['name', 'nationalId', 'phone', 'address'] as const;

/**
 * `person_data` holds one row per person: the record sealed under the person's data key, and the
 * data key sealed (wrapped) under the master key `key_id`. Erasure sets `wrapped_key` to NULL: the
 * sealed record may survive in this file or a backup, but no key can open it any more.
 * `national_id_index` maps HMAC-SHA-256(index key, 身份证号) to the person: the number itself is
 * stored nowhere in clear, and the digest is worthless without the master key.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS person_data (
    person_id   TEXT PRIMARY KEY,
    key_id      TEXT,
    wrapped_key BLOB,
    record      BLOB,
    updated_at  TEXT NOT NULL,
    erased_at   TEXT
  ) STRICT;
  CREATE TABLE IF NOT EXISTS national_id_index (
    digest    TEXT PRIMARY KEY,
    person_id TEXT NOT NULL
  ) STRICT;
  CREATE INDEX IF NOT EXISTS national_id_index_person ON national_id_index (person_id);
`;

interface PersonRow {
  readonly person_id: string;
  readonly key_id: string | null;
  readonly wrapped_key: Buffer | null;
  readonly record: Buffer | null;
  readonly erased_at: string | null;
}

export interface PersonalDataStoreOptions {
  /** Path of the SQLite file (created with mode 0600), or ':memory:' in unit tests. */
  readonly file: string;
  readonly keys: MasterKeyRing;
  /** The instant recorded on writes and erasures; the system clock by default. */
  readonly now?: () => Date;
}

/**
 * The embedded personal-data store: AES-256-GCM per person, data keys wrapped by the master key,
 * 身份证号 found through an HMAC index, erasure by destroying the person's key. `secure_delete`
 * overwrites freed bytes with zeros, so a destroyed key does not linger in a free page of the file.
 */
export class SqlitePersonalDataStore implements PersonalDataStore {
  private readonly db: Database.Database;
  private readonly now: () => Date;

  private constructor(
    options: PersonalDataStoreOptions,
    private readonly keys: MasterKeyRing,
  ) {
    if (options.file !== ':memory:') createPrivateFile(options.file);
    this.db = new Database(options.file);
    this.db.pragma('secure_delete = ON');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.now = options.now ?? ((): Date => new Date());
  }

  /** Opens the store and re-wraps, under the current master key, every data key still under a previous one. */
  static open(options: PersonalDataStoreOptions): SqlitePersonalDataStore {
    const store = new SqlitePersonalDataStore(options, options.keys);
    try {
      store.rotate();
    } catch (error) {
      store.db.close();
      throw error;
    }
    return store;
  }

  async put(personId: string, data: PersonalData): Promise<void> {
    const record = normalise(data);
    const at = this.now().toISOString();
    this.db.transaction(() => {
      const existing = this.row(personId);
      if (existing?.erased_at) throw new PersonalDataErasedError(personId);
      const dataKey = newDataKey();
      const { current } = this.keys;
      this.db
        .prepare(
          `INSERT INTO person_data (person_id, key_id, wrapped_key, record, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (person_id) DO UPDATE SET key_id = excluded.key_id, wrapped_key = excluded.wrapped_key, record = excluded.record, updated_at = excluded.updated_at`,
        )
        .run(personId, current.id, seal(current.wrapKey, dataKey, WRAP_AAD(personId, current.id)), seal(dataKey, Buffer.from(JSON.stringify(record)), RECORD_AAD(personId)), at);
      this.reindex(personId, record.nationalId, current);
    })();
  }

  async read(personId: string): Promise<PersonalData | null> {
    const row = this.row(personId);
    if (!row || row.wrapped_key === null || row.record === null || row.key_id === null) return null;
    const dataKey = open(this.keyById(row.key_id).wrapKey, row.wrapped_key, WRAP_AAD(personId, row.key_id));
    return JSON.parse(open(dataKey, row.record, RECORD_AAD(personId)).toString('utf8')) as PersonalData;
  }

  async findPersonIdByNationalId(nationalId: string): Promise<string | null> {
    const digest = hmacHex(this.keys.current.indexKey, normaliseNationalId(nationalId));
    const found = this.db.prepare('SELECT person_id FROM national_id_index WHERE digest = ?').get(digest) as { person_id: string } | undefined;
    return found?.person_id ?? null;
  }

  /**
   * Destroys the person's wrapped data key and index row in one transaction; a person with no
   * stored data gets a tombstone, so data put later cannot silently undo the erasure. Idempotent.
   */
  async erase(personId: string): Promise<void> {
    const at = this.now().toISOString();
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO person_data (person_id, key_id, wrapped_key, record, updated_at, erased_at) VALUES (?, NULL, NULL, NULL, ?, ?)
           ON CONFLICT (person_id) DO UPDATE SET key_id = NULL, wrapped_key = NULL, updated_at = excluded.updated_at, erased_at = COALESCE(person_data.erased_at, excluded.erased_at)`,
        )
        .run(personId, at, at);
      this.db.prepare('DELETE FROM national_id_index WHERE person_id = ?').run(personId);
    })();
  }

  /** True when the person's data was erased (the row is a tombstone or its key is gone). */
  isErased(personId: string): boolean {
    return (this.row(personId)?.erased_at ?? null) !== null;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /**
   * Re-wraps data keys held under a previous master key and recomputes their index digests under
   * the current one, in bounded batches. Refuses to continue when a row is under a key that is
   * neither current nor given as previous: starting anyway would make that data unreadable silently.
   */
  rotate(): number {
    const unknown = this.db
      .prepare('SELECT key_id, COUNT(*) AS rows FROM person_data WHERE key_id IS NOT NULL AND key_id <> ? GROUP BY key_id')
      .all(this.keys.current.id) as Array<{ key_id: string; rows: number }>;
    const missing = unknown.filter((entry) => !this.keys.previous.some((key) => key.id === entry.key_id));
    if (missing.length > 0) throw new UnknownMasterKeyError(this.keys.current.id, missing);
    let rewrapped = 0;
    for (let batch = 0; batch < ROTATE_BATCHES_MAX; batch++) {
      const rows = this.db
        .prepare('SELECT * FROM person_data WHERE key_id IS NOT NULL AND key_id <> ? LIMIT ?')
        .all(this.keys.current.id, ROTATE_BATCH_ROWS_MAX) as PersonRow[];
      if (rows.length === 0) return rewrapped;
      this.db.transaction(() => rows.forEach((row) => this.rewrap(row)))();
      rewrapped += rows.length;
    }
    throw new Error(`rotation did not finish within ${ROTATE_BATCHES_MAX} batches of ${ROTATE_BATCH_ROWS_MAX}`);
  }

  private rewrap(row: PersonRow): void {
    const { current } = this.keys;
    const dataKey = open(this.keyById(row.key_id!).wrapKey, row.wrapped_key!, WRAP_AAD(row.person_id, row.key_id!));
    const record = JSON.parse(open(dataKey, row.record!, RECORD_AAD(row.person_id)).toString('utf8')) as PersonalData;
    this.db
      .prepare('UPDATE person_data SET key_id = ?, wrapped_key = ? WHERE person_id = ?')
      .run(current.id, seal(current.wrapKey, dataKey, WRAP_AAD(row.person_id, current.id)), row.person_id);
    this.reindex(row.person_id, record.nationalId, current);
  }

  private reindex(personId: string, nationalId: string | undefined, key: MasterKey): void {
    this.db.prepare('DELETE FROM national_id_index WHERE person_id = ?').run(personId);
    if (nationalId === undefined) return;
    const digest = hmacHex(key.indexKey, normaliseNationalId(nationalId));
    const holder = this.db.prepare('SELECT person_id FROM national_id_index WHERE digest = ?').get(digest) as { person_id: string } | undefined;
    if (holder) throw new NationalIdInUseError(personId);
    this.db.prepare('INSERT INTO national_id_index (digest, person_id) VALUES (?, ?)').run(digest, personId);
  }

  private keyById(keyId: string): MasterKey {
    const key = [this.keys.current, ...this.keys.previous].find((candidate) => candidate.id === keyId);
    if (!key) throw new UnknownMasterKeyError(this.keys.current.id, [{ key_id: keyId, rows: 1 }]);
    return key;
  }

  private row(personId: string): PersonRow | undefined {
    return this.db.prepare('SELECT person_id, key_id, wrapped_key, record, erased_at FROM person_data WHERE person_id = ?').get(personId) as PersonRow | undefined;
  }
}

const normaliseNationalId = (nationalId: string): string => nationalId.trim().toUpperCase();

/** Keeps the four known fields, trimmed; the edge has validated them, this is the last line. */
const normalise = (data: PersonalData): PersonalData => {
  const record: Record<string, string> = {};
  for (const field of PERSONAL_FIELDS) {
    const value = data[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new TypeError(`${field} must be a string`);
    record[field] = field === 'nationalId' ? normaliseNationalId(value) : value.trim();
  }
  if (record.nationalId !== undefined && !isNationalId(record.nationalId)) throw new TypeError('nationalId must be an 18-character 身份证号 with a valid check digit');
  return record as PersonalData;
};
