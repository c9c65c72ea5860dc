import { LEDGER_PROJECTIONS } from '../../src/projections/ledger-projections';
import { ProjectionRunner } from '../../src/projections/projection.runner';
import { openReadDatabase, type ReadDatabase } from '../../src/projections/read-database';
import { ReadModels } from '../../src/projections/read-models';
import { appendEvents, claimSettled, payouts, personRegistered } from './support/ledger-fixtures';
import { STORE_FACTORIES, type StoreUnderTest } from './support/stores';

const [, sqliteStore] = STORE_FACTORIES.find(([name]) => name === 'SQLite store')!;

/** Reads of a person's data answer for registered persons only, the check and the read in one snapshot. */
let subject: StoreUnderTest;
let db: ReadDatabase;
let models: ReadModels;

// p-1 is registered without claims; p-2 has one claim settled in 2023.
beforeAll(async () => {
  subject = sqliteStore();
  await appendEvents(subject.store, [personRegistered('p-1'), personRegistered('p-2'), claimSettled({ claimId: 'c-1', personId: 'p-2', sequence: 1, payouts: payouts('6000.00') })]);
  db = openReadDatabase(subject.dataDir);
  await new ProjectionRunner(subject.store, db, LEDGER_PROJECTIONS).catchUp();
  models = new ReadModels(db);
});

afterAll(async () => {
  db.close();
  await subject.dispose();
});

describe('ReadModels.ofRegistered', () => {

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

describe('ReadModels.usageOfRegistered', () => {

  it('given a registered person without claims that year, then it answers the empty usage', () => {
    expect(models.usageOfRegistered('p-1', 2023, null)).toEqual(models.usage('p-1', 2023, null));
    expect(models.usageOfRegistered('p-1', 2023, null)?.usage.claims).toEqual([]);
  });

  it('given a person the ledger does not know, then it answers null', () => {
    expect(models.usageOfRegistered('p-unknown', 2023, null)).toBeNull();
  });

  it('given a person-year with a claim, then it answers its usage without looking up the registration', () => {
    const lookup = jest.spyOn(models, 'isRegistered');
    const answer = models.usageOfRegistered('p-2', 2023, null);
    expect(answer?.usage.claims.map((claim) => claim.claimId)).toEqual(['c-1']);
    expect(answer).toEqual(models.usage('p-2', 2023, null));
    expect(lookup).not.toHaveBeenCalled();
    lookup.mockRestore();
  });

  it('given an asAt before the person-year\'s first change, then a registered person is answered the empty usage', () => {
    expect(models.usageOfRegistered('p-2', 2023, '2000-01-01T00:00:00Z')?.usage.claims).toEqual([]);
  });
});
