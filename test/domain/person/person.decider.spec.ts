import { personDecider } from '../../../src/domain/deciders';
import type { PersonEvent } from '../../../src/domain/person/person.decider';
import { personCategoriesOn } from '../../../src/domain/person/person-categories';
import { specify } from '../../support/decider-specification';

const person = specify(personDecider);
const civilAffairs = { department: 'CIVIL_AFFAIRS' as const, document: '民政低保花名册 2023-05' };

const registered: PersonEvent = { type: 'PersonRegistered', data: { personId: 'p1', region: 'heze', scheme: 'RESIDENT' } };
const subsistenceFromMay: PersonEvent = {
  type: 'IdentityRecognized',
  data: { personId: 'p1', category: 'SUBSISTENCE', validFrom: '2023-05-01', validTo: null, source: civilAffairs, recordedOn: '2023-09-10' },
};

describe('person decider', () => {
  it('registers a person once; the same registration again is a no-op', () => {
    person.given().when({ type: 'RegisterPerson', data: { personId: 'p1', region: 'heze', scheme: 'RESIDENT' } }).then((events) => expect(events).toEqual([registered]));
    person.given(registered).when({ type: 'RegisterPerson', data: { personId: 'p1', region: 'heze', scheme: 'RESIDENT' } }).thenNothing();
  });

  it('refuses a second registration in another region', () =>
    person.given(registered).when({ type: 'RegisterPerson', data: { personId: 'p1', region: 'bozhou', scheme: 'RESIDENT' } }).thenRefused('PERSON_ALREADY_REGISTERED'));

  it('refuses identity changes for an unknown person', () =>
    person
      .given()
      .when({ type: 'RecognizeIdentity', data: { personId: 'p1', category: 'SUBSISTENCE', validFrom: '2023-05-01', validTo: null, source: civilAffairs, recordedOn: '2023-09-10' } })
      .thenRefused('PERSON_NOT_FOUND'));

  // Domain contract §1: grants can be retroactive; the event keeps both the effective and the recorded day.
  it('records a retroactive recognition with its effective and recorded days', () =>
    person
      .given(registered)
      .when({ type: 'RecognizeIdentity', data: { personId: 'p1', category: 'SUBSISTENCE', validFrom: '2023-05-01', validTo: null, source: civilAffairs, recordedOn: '2023-09-10' } })
      .then((events) => expect(events).toEqual([subsistenceFromMay])));

  it('treats the same recognition recorded twice as one', () =>
    person
      .given(registered, subsistenceFromMay)
      .when({ type: 'RecognizeIdentity', data: { personId: 'p1', category: 'SUBSISTENCE', validFrom: '2023-05-01', validTo: null, source: civilAffairs, recordedOn: '2023-09-11' } })
      .thenNothing());

  it('refuses a validity interval that ends before it starts', () =>
    person
      .given(registered)
      .when({ type: 'RecognizeIdentity', data: { personId: 'p1', category: 'SUBSISTENCE', validFrom: '2023-05-01', validTo: '2023-04-30', source: civilAffairs, recordedOn: '2023-05-01' } })
      .thenRefused('INVALID_VALIDITY'));

  it('refuses to revoke a category the person does not hold past that day', () =>
    person
      .given(registered)
      .when({ type: 'RevokeIdentity', data: { personId: 'p1', category: 'DESTITUTE', validTo: '2023-06-30', reason: '收入超标', source: civilAffairs, recordedOn: '2023-07-01' } })
      .thenRefused('IDENTITY_NOT_HELD'));

  it('answers which categories were valid on a date, after recognitions and revocations', () => {
    const revoked: PersonEvent = {
      type: 'IdentityRevoked',
      data: { personId: 'p1', category: 'SUBSISTENCE', validTo: '2023-08-31', reason: '收入超标', source: civilAffairs, recordedOn: '2023-09-15' },
    };
    const returned: PersonEvent = {
      type: 'IdentityRecognized',
      data: { personId: 'p1', category: 'RETURNED_TO_POVERTY', validFrom: '2023-09-01', validTo: null, source: { department: 'RURAL_REVITALIZATION', document: '乡村振兴 2023-09' }, recordedOn: '2023-09-15' },
    };
    const state = [registered, subsistenceFromMay, revoked, returned].reduce(personDecider.evolve, personDecider.initialState());
    expect(personCategoriesOn(state, '2023-04-30')).toEqual([]);
    expect(personCategoriesOn(state, '2023-05-01')).toEqual(['SUBSISTENCE']);
    expect(personCategoriesOn(state, '2023-08-31')).toEqual(['SUBSISTENCE']);
    expect(personCategoriesOn(state, '2023-09-01')).toEqual(['RETURNED_TO_POVERTY']);
  });

  describe('personal-data erasure', () => {
    const erase = { type: 'RecordPersonalDataErasure' as const, data: { personId: 'p1', erasedAt: '2024-03-01T08:00:00.000Z', reason: 'SUBJECT_REQUEST' as const } };
    const erased: PersonEvent = { type: 'PersonalDataErased', data: { personId: 'p1', erasedAt: '2024-03-01T08:00:00.000Z', reason: 'SUBJECT_REQUEST' } };

    it('records the erasure with the instant and reason code only', () =>
      person.given(registered, subsistenceFromMay).when(erase).then((events) => expect(events).toEqual([erased])));

    it('records it once: a repeated erasure adds nothing', () =>
      person.given(registered, erased).when({ ...erase, data: { ...erase.data, erasedAt: '2024-03-02T08:00:00.000Z' } }).thenNothing());

    it('refuses to erase for a person the ledger does not know', () => person.given().when(erase).thenRefused('PERSON_NOT_FOUND'));

    it('leaves identities and enrollments as they were', () => {
      const before = [registered, subsistenceFromMay].reduce(personDecider.evolve, personDecider.initialState());
      const after = personDecider.evolve(before, erased);
      expect(personCategoriesOn(after, '2023-06-01')).toEqual(personCategoriesOn(before, '2023-06-01'));
      expect(after.personalDataErased).toEqual({ erasedAt: '2024-03-01T08:00:00.000Z', reason: 'SUBJECT_REQUEST' });
    });
  });
});
