import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPersonalDataFromEnvironment } from '../../src/cli/commands/personal-data-environment';
import { deriveMasterKey, loadMasterKeys, type MasterKey } from '../../src/personal-data/master-key';
import { NationalIdInUseError, PersonalDataErasedError, UnknownMasterKeyError } from '../../src/personal-data/personal-data.errors';
import { PERSONAL_DATA_FILE, SqlitePersonalDataStore } from '../../src/personal-data/sqlite-personal-data.store';

const ZHANG = { name: '张三', nationalId: '11010519491231002X', phone: '13800138000', address: '山东省菏泽市牡丹区某街1号' };
const LI = { name: '李四', nationalId: '371729198506151239', phone: '13912345678' };

const newKey = (): MasterKey => deriveMasterKey(randomBytes(32));

describe('SqlitePersonalDataStore', () => {
  let dataDir: string;
  let file: string;
  const opened: SqlitePersonalDataStore[] = [];
  const openStore = (current: MasterKey, previous: MasterKey[] = []): SqlitePersonalDataStore => {
    const store = SqlitePersonalDataStore.open({ file, keys: { current, previous } });
    opened.push(store);
    return store;
  };
  const rawRow = (personId: string): Record<string, unknown> | undefined => {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare('SELECT * FROM person_data WHERE person_id = ?').get(personId) as Record<string, unknown> | undefined;
    } finally {
      db.close();
    }
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'personal-data-'));
    file = join(dataDir, PERSONAL_DATA_FILE);
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores a record readable by its person, in a 0600 file that holds none of it in clear', async () => {
    const store = openStore(newKey());
    await store.put('p-1', ZHANG);
    expect(await store.read('p-1')).toEqual(ZHANG);
    expect(await store.read('p-2')).toBeNull();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await store.close();
    const bytes = readFileSync(file);
    for (const value of Object.values(ZHANG)) expect(bytes.includes(Buffer.from(value, 'utf8'))).toBe(false);
  });

  it('finds a person by 身份证号 through the keyed index, in either case of the check character', async () => {
    const store = openStore(newKey());
    await store.put('p-1', ZHANG);
    await store.put('p-2', LI);
    expect(await store.findPersonIdByNationalId('11010519491231002x')).toBe('p-1');
    expect(await store.findPersonIdByNationalId(LI.nationalId)).toBe('p-2');
    expect(await store.findPersonIdByNationalId('110101199003077777')).toBeNull();
  });

  it('replaces a record and its index entry', async () => {
    const store = openStore(newKey());
    await store.put('p-1', ZHANG);
    await store.put('p-1', { name: '张三', nationalId: LI.nationalId });
    expect(await store.read('p-1')).toEqual({ name: '张三', nationalId: LI.nationalId });
    expect(await store.findPersonIdByNationalId(ZHANG.nationalId)).toBeNull();
    expect(await store.findPersonIdByNationalId(LI.nationalId)).toBe('p-1');
  });

  it('refuses one 身份证号 for two persons, and an invalid one', async () => {
    const store = openStore(newKey());
    await store.put('p-1', ZHANG);
    await expect(store.put('p-2', { nationalId: ZHANG.nationalId })).rejects.toBeInstanceOf(NationalIdInUseError);
    await expect(store.put('p-2', { nationalId: '110105194912310021' })).rejects.toThrow(/check digit/);
    expect(await store.read('p-2')).toBeNull();
  });

  it('binds a record to its person: a ciphertext copied onto another row does not open', async () => {
    const key = newKey();
    const store = openStore(key);
    await store.put('p-1', ZHANG);
    await store.put('p-2', LI);
    await store.close();
    const db = new Database(file);
    db.prepare("UPDATE person_data SET record = (SELECT record FROM person_data WHERE person_id = 'p-1') WHERE person_id = 'p-2'").run();
    db.close();
    const reopened = openStore(key);
    await expect(reopened.read('p-2')).rejects.toThrow(/authenticate/);
  });

  it('crypto-shreds: after erasure the key and index row are gone, the sealed record stays unreadable, and erasure is final', async () => {
    const store = openStore(newKey());
    await store.put('p-1', ZHANG);
    await store.erase('p-1');
    await store.erase('p-1');
    expect(await store.read('p-1')).toBeNull();
    expect(await store.findPersonIdByNationalId(ZHANG.nationalId)).toBeNull();
    const row = rawRow('p-1')!;
    expect(row.wrapped_key).toBeNull();
    expect(row.key_id).toBeNull();
    expect(Buffer.isBuffer(row.record)).toBe(true);
    expect(store.isErased('p-1')).toBe(true);
    await expect(store.put('p-1', ZHANG)).rejects.toBeInstanceOf(PersonalDataErasedError);
  });

  it('records a tombstone when a person without data is erased, so later data is refused', async () => {
    const store = openStore(newKey());
    await store.erase('p-9');
    await expect(store.put('p-9', LI)).rejects.toBeInstanceOf(PersonalDataErasedError);
  });

  it('rotates: a new master key with the old one as previous re-wraps every data key and re-keys the index', async () => {
    const [oldKey, newerKey] = [newKey(), newKey()];
    const before = openStore(oldKey);
    await before.put('p-1', ZHANG);
    await before.put('p-2', LI);
    await before.erase('p-2');
    await before.close();

    const rotated = openStore(newerKey, [oldKey]);
    expect(rawRow('p-1')!.key_id).toBe(newerKey.id);
    expect(await rotated.read('p-1')).toEqual(ZHANG);
    expect(await rotated.findPersonIdByNationalId(ZHANG.nationalId)).toBe('p-1');
    await rotated.close();

    // The old key can now be destroyed: the store opens and reads with the new one alone.
    const after = openStore(newerKey);
    expect(await after.read('p-1')).toEqual(ZHANG);
  });

  it('refuses to open when records are under a master key it was not given', async () => {
    const store = openStore(newKey());
    await store.put('p-1', ZHANG);
    await store.close();
    expect(() => openStore(newKey())).toThrow(UnknownMasterKeyError);
  });

  describe('loadMasterKeys', () => {
    it('generates the embedded default key once, 0600, and reads the same key afterwards', () => {
      const first = loadMasterKeys({ source: { kind: 'generated', dataDir }, previousKeyFiles: [] });
      expect(first.generatedFile).toBe(join(dataDir, 'personal-data.key'));
      expect(statSync(first.generatedFile!).mode & 0o777).toBe(0o600);
      const second = loadMasterKeys({ source: { kind: 'generated', dataDir }, previousKeyFiles: [] });
      expect(second.generatedFile).toBeNull();
      expect(second.current.id).toBe(first.current.id);
    });

    it('reads a key from a file or a variable (base64 or hex), and refuses one of the wrong size', () => {
      const secret = randomBytes(32);
      const path = join(dataDir, 'master.key');
      writeFileSync(path, secret.toString('hex'));
      const fromFile = loadMasterKeys({ source: { kind: 'file', path }, previousKeyFiles: [] });
      const fromVariable = loadMasterKeys({ source: { kind: 'environment', value: secret.toString('base64') }, previousKeyFiles: [path] });
      expect(fromVariable.current.id).toBe(fromFile.current.id);
      expect(fromVariable.previous.map((key) => key.id)).toEqual([fromFile.current.id]);
      expect(() => loadMasterKeys({ source: { kind: 'environment', value: randomBytes(16).toString('base64') }, previousKeyFiles: [] })).toThrow(/32 random bytes/);
    });
  });
});


describe('openPersonalDataFromEnvironment (the CLI\'s way in)', () => {
  it('opens the same store, with the same generated key, as the service would', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'personal-data-cli-'));
    try {
      const first = openPersonalDataFromEnvironment({ DATA_DIR: dataDir });
      await first.store.put('p-1', ZHANG);
      await first.store.close();
      const second = openPersonalDataFromEnvironment({ DATA_DIR: dataDir });
      expect(second.keyId).toBe(first.keyId);
      expect(second.generatedKeyFile).toBeNull();
      expect(await second.store.findPersonIdByNationalId(ZHANG.nationalId)).toBe('p-1');
      await second.store.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
