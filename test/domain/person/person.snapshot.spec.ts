import { personDecider } from '../../../src/domain/deciders';
import { personCategoriesOn, type Person, type PersonCommand } from '../../../src/domain/person/person.decider';
import { personSnapshot } from '../../../src/domain/person/person.snapshot';
import { loadSeedPacks } from '../../../src/policy-packs/load-pack';

const heze = loadSeedPacks().find((pack) => pack.ref.region === 'heze')!;
const civilAffairs = { department: 'CIVIL_AFFAIRS' as const, document: '民政低保花名册 2023-05' };

/** A state as a snapshot store gives it back: encoded, written as JSON text, parsed and decoded. */
const throughSnapshot = (person: Person): Person => personSnapshot.decode(JSON.parse(JSON.stringify(personSnapshot.encode(person))));

/** Each command decided against the state so far and its events folded in: the states after each command. */
const statesAfter = (commands: readonly PersonCommand[]): Person[] => {
  const states: Person[] = [];
  let person = personDecider.initialState();
  for (const command of commands) {
    person = personDecider.decide(command, person).reduce(personDecider.evolve, person);
    states.push(person);
  }
  return states;
};

// Issue 13, limit 5: a reassessment thread starts a person from the state kept for it.
describe('a person kept as a snapshot', () => {
  const commands: PersonCommand[] = [
    { type: 'RegisterPerson', data: { personId: 'p1', region: 'heze', scheme: 'RESIDENT' } },
    { type: 'RecognizeIdentity', data: { personId: 'p1', category: 'SUBSISTENCE', validFrom: '2022-05-01', validTo: null, source: civilAffairs, recordedOn: '2022-05-10' } },
    { type: 'EnrollPerson', data: { personId: 'p1', year: 2023, scheme: 'RESIDENT', contribution: '380.00', enrolledOn: '2022-10-01', policy: heze } },
    { type: 'RevokeIdentity', data: { personId: 'p1', category: 'SUBSISTENCE', validTo: '2023-06-30', reason: 'income above the line', source: civilAffairs, recordedOn: '2023-07-02' } },
  ];

  it('decodes to the state it encodes after every change, and folds later events to the same state', () => {
    const states = statesAfter(commands);
    const last = states[states.length - 1]!;
    // The enrollment (a Map by year) and its subsidy are part of what is kept.
    expect(last.enrollments.get(2023)?.subsidy).not.toBeNull();
    states.forEach((state, index) => {
      const kept = throughSnapshot(state);
      expect(kept).toEqual(state);
      // What the reassessment reads of a person: the categories held on a claim's date.
      expect(personCategoriesOn(kept, '2023-03-01')).toEqual(personCategoriesOn(state, '2023-03-01'));
      const rest = commands.slice(index + 1).reduce((person, command) => personDecider.decide(command, person).reduce(personDecider.evolve, person), kept);
      expect(rest).toEqual(last);
    });
  });

  it('names the fields it was written for, so that a change to the state changes its format', () => {
    // When this fails, the state's shape changed: change `personSnapshot.format`, then this list.
    expect(personSnapshot.format).toBe('person/1');
    expect(Object.keys(personDecider.initialState()).sort()).toEqual(['enrollments', 'identityChanges', 'oneTimeAssistance', 'personalDataErased', 'registration']);
  });
});
