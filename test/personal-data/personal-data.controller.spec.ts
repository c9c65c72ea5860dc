import type { CommandBus } from '@nestjs/cqrs';
import { randomBytes } from 'node:crypto';
import { PersonalDataController } from '../../src/api/personal-data/personal-data.controller';
import type { Principal } from '../../src/api/auth/roles';
import { deriveMasterKey } from '../../src/personal-data/master-key';
import { SqlitePersonalDataStore } from '../../src/personal-data/sqlite-personal-data.store';
import { appendEvents, personRegistered } from '../projections/support/ledger-fixtures';
import { InMemoryEventStore } from '../support/in-memory-event-store';

const registrar = (regions: string[] | null): Principal => ({ id: 'token:r1', roles: ['registrar'], regions, source: 'token' });

// Region scoping of the lookup: the route has no person in its path for the guard to check, so the
// controller answers a number held in another region exactly like an unknown one.
describe('PersonalDataController lookup and regions', () => {
  const NATIONAL_ID = '11010519491231002X';
  let store: InMemoryEventStore;
  let personalData: SqlitePersonalDataStore;
  let controller: PersonalDataController;

  beforeEach(async () => {
    store = new InMemoryEventStore();
    await appendEvents(store, [personRegistered('p-heze')]); // registered in heze
    personalData = SqlitePersonalDataStore.open({ file: ':memory:', keys: { current: deriveMasterKey(randomBytes(32)), previous: [] } });
    await personalData.put('p-heze', { nationalId: NATIONAL_ID });
    controller = new PersonalDataController({} as CommandBus, store, personalData);
  });
  afterEach(async () => {
    await personalData.close();
    await store.close();
  });

  it.each([
    ['no principal yet (before the guard)', undefined],
    ['a registrar of every region', registrar(null)],
    ['a Heze registrar', registrar(['heze'])],
  ])('finds the person for %s', async (_label, principal) =>
    expect(await controller.lookup({ nationalId: NATIONAL_ID }, principal)).toEqual({ personId: 'p-heze' }));

  it('answers 404 PERSON_NOT_FOUND to a Shanxi registrar, as for an unknown number', async () => {
    await expect(controller.lookup({ nationalId: NATIONAL_ID }, registrar(['shanxi']))).rejects.toMatchObject({ kind: 'not-found', code: 'PERSON_NOT_FOUND' });
    await expect(controller.lookup({ nationalId: '37010119900307001X' }, registrar(null))).rejects.toMatchObject({ kind: 'not-found', code: 'PERSON_NOT_FOUND' });
  });

  it('reads and writes the personal data of a person of its regions only, 404 elsewhere', async () => {
    expect(await controller.read('p-heze', registrar(['heze']))).toEqual({ personId: 'p-heze', nationalId: NATIONAL_ID });
    await expect(controller.read('p-heze', registrar(['shanxi']))).rejects.toMatchObject({ code: 'PERSON_NOT_FOUND' });
    await expect(controller.put('p-heze', { name: '张三' }, registrar(['shanxi']))).rejects.toMatchObject({ code: 'PERSON_NOT_FOUND' });
    expect(await personalData.read('p-heze')).toEqual({ nationalId: NATIONAL_ID });
  });
});
