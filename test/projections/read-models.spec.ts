import { LEDGER_PROJECTIONS } from '../../src/projections/ledger-projections';
import { ProjectionRunner } from '../../src/projections/projection.runner';
import { openReadDatabase, type ReadDatabase } from '../../src/projections/read-database';
import { ReadModels } from '../../src/projections/read-models';
import { appendEvents, personRegistered } from './support/ledger-fixtures';
import { STORE_FACTORIES, type StoreUnderTest } from './support/stores';

const [, sqliteStore] = STORE_FACTORIES.find(([name]) => name === 'SQLite store')!;

/** Reads of a person's data answer for registered persons only, the check and the read in one snapshot. */
describe('ReadModels.ofRegistered', () => {
  let subject: StoreUnderTest;
  let db: ReadDatabase;
  let models: ReadModels;

  beforeAll(async () => {
    subject = sqliteStore();
    await appendEvents(subject.store, [personRegistered('p-1')]);
    db = openReadDatabase(subject.dataDir);
    await new ProjectionRunner(subject.store, db, LEDGER_PROJECTIONS).catchUp();
    models = new ReadModels(db);
  });

  afterAll(async () => {
    db.close();
    await subject.dispose();
  });

  it('given a registered person, then the read answers inside the same transaction as the check', () => {
    const answer = models.ofRegistered('p-1', () => ({ inTransaction: db.inTransaction, usage: models.usage('p-1', 2023, null).usage.personId }));
    expect(answer).toEqual({ value: { inTransaction: true, usage: 'p-1' } });
    expect(db.inTransaction).toBe(false);
  });

  it('given a person the ledger does not know, then it answers null without reading', () => {
    const read = jest.fn(() => 'read');
    expect(models.ofRegistered('p-unknown', read)).toBeNull();
    expect(read).not.toHaveBeenCalled();
  });

  it('given a read that fails, then the snapshot ends with it and the next read starts afresh', () => {
    expect(() => models.ofRegistered('p-1', () => { throw new Error('failed read'); })).toThrow('failed read');
    expect(db.inTransaction).toBe(false);
    expect(models.isRegistered('p-1')).toBe(true);
  });
});
