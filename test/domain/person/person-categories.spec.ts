import { evolvePerson, initialPerson, type Person, type PersonEvent } from '../../../src/domain/person/person.decider';
import { categoriesForRecordedClaim, oneTimeCategoriesAmong } from '../../../src/domain/person/person-categories';
import type { PolicyRef, PublishedPack } from '../../../src/domain/policy/policy-pack';

/**
 * Domain contract §6 (Fumeng §二(三)2): claims covered by one-time assistance are excluded from later
 * retroactive reassessment for the category it was granted for; other categories still apply to them.
 */
const fumeng: PolicyRef = { region: 'fumeng', revision: '2023-01-01', hash: 'a'.repeat(64) };
const medicalSecurity = { department: 'MEDICAL_SECURITY' as const, document: '因病致贫认定 2023-08' };

const recognized = (category: 'ILLNESS_IMPOVERISHED' | 'SUBSISTENCE', validFrom: string, validTo: string | null, recordedOn: string): PersonEvent => ({
  type: 'IdentityRecognized',
  data: { personId: 'p1', category, validFrom, validTo, source: medicalSecurity, recordedOn },
});
const granted: PersonEvent = {
  type: 'OneTimeAssistanceGranted',
  data: { personId: 'p1', applicationDate: '2023-08-01', claimsCovered: ['c-feb'], amount: '6160.00', policy: fumeng, trace: [] },
};
const personAfter = (...events: PersonEvent[]): Person =>
  [{ type: 'PersonRegistered', data: { personId: 'p1', region: 'fumeng', scheme: 'RESIDENT' } } as PersonEvent, ...events].reduce(evolvePerson, initialPerson());

const oneTime = oneTimeCategoriesAmong([{ ref: fumeng, pack: { oneTimeAssistance: { categories: ['ILLNESS_IMPOVERISHED'] } } } as unknown as PublishedPack]);

describe('categories a recorded claim is settled under again', () => {
  // Given 因病致贫 from August, one-time assistance over the February claim, and then 因病致贫 recognised back to January
  const later = personAfter(recognized('ILLNESS_IMPOVERISHED', '2023-08-01', null, '2023-08-01'), granted, recognized('ILLNESS_IMPOVERISHED', '2023-01-01', '2023-07-31', '2023-09-01'));

  it('keeps a covered claim out of the category recognised after the grant', () =>
    // When the February claim is settled again, Then it is not under 因病致贫: the grant assisted its remainder already
    expect(categoriesForRecordedClaim(later, 'c-feb', '2023-02-01', oneTime)).toEqual([]));

  it('applies that recognition to a claim the grant did not cover', () =>
    expect(categoriesForRecordedClaim(later, 'c-mar', '2023-03-01', oneTime)).toEqual(['ILLNESS_IMPOVERISHED']));

  it('applies other categories recognised afterwards to a covered claim', () => {
    const withSubsistence = personAfter(recognized('ILLNESS_IMPOVERISHED', '2023-08-01', null, '2023-08-01'), granted, recognized('SUBSISTENCE', '2023-01-01', null, '2023-09-01'));
    expect(categoriesForRecordedClaim(withSubsistence, 'c-feb', '2023-02-01', oneTime)).toEqual(['SUBSISTENCE']);
  });

  it('keeps what was known of the category before the grant, revoked or not afterwards', () => {
    const heldBefore = personAfter(recognized('ILLNESS_IMPOVERISHED', '2023-01-01', null, '2023-07-01'), granted, {
      type: 'IdentityRevoked',
      data: { personId: 'p1', category: 'ILLNESS_IMPOVERISHED', validTo: '2023-01-31', reason: 'data correction', source: medicalSecurity, recordedOn: '2023-09-01' },
    } as PersonEvent);
    expect(categoriesForRecordedClaim(heldBefore, 'c-feb', '2023-02-01', oneTime)).toEqual(['ILLNESS_IMPOVERISHED']);
  });

  it('keeps every category as known at the grant when the revision that granted it is unknown', () => {
    const withSubsistence = personAfter(recognized('ILLNESS_IMPOVERISHED', '2023-08-01', null, '2023-08-01'), granted, recognized('SUBSISTENCE', '2023-01-01', null, '2023-09-01'));
    expect(categoriesForRecordedClaim(withSubsistence, 'c-feb', '2023-02-01', oneTimeCategoriesAmong([]))).toEqual([]);
  });
});
