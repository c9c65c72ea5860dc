import type { StateCodec } from '../decider';
import type { Enrollment, Person } from './person.decider';

type EncodedPerson = Omit<Person, 'enrollments'> & { readonly enrollments: ReadonlyArray<readonly [number, Enrollment]> };

/**
 * A person's state as plain data: everything is plain already but the enrollments, a Map by year
 * written as entries. Change `format` with any change to `Person` (person.snapshot.spec.ts pins its
 * fields and fails until it is changed).
 */
export const personSnapshot: StateCodec<Person> = {
  format: 'person/1',
  encode: (person): EncodedPerson => ({ ...person, enrollments: [...person.enrollments] }),
  decode: (encoded) => {
    const person = encoded as EncodedPerson;
    return { ...person, enrollments: new Map(person.enrollments) };
  },
};
