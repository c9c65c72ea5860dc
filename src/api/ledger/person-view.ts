import { personDecider } from '../../domain/deciders';
import type { Person, PersonEvent } from '../../domain/person/person.decider';
import { intervalsOf } from '../../domain/person/identity-timeline';
import type { EventStore } from '../../event-store/event-store.port';
import { pagesOfStream } from '../../event-store/paging';
import { personStream } from '../../ledger/stream-names';
import { notFound } from '../../shared/domain-error';

/** A person stream holds registrations, identities and enrollments: a few hundred events in a lifetime. */
const READ_PAGE = 4096;

export interface PersonView {
  readonly personId: string;
  readonly region: string;
  readonly scheme: string;
  readonly identities: ReadonlyArray<{ category: string; validFrom: string; validTo: string | null }>;
  readonly identityChanges: readonly Person['identityChanges'][number][];
  readonly enrollments: ReadonlyArray<{ year: number; scheme: string; contribution: string; enrolledOn: string; subsidy: { category: string; amount: string } | null }>;
  readonly oneTimeAssistance: Person['oneTimeAssistance'];
  /** Global position of the last event folded in: the view is current as of it. */
  readonly position: string;
}

/**
 * Reads a person as the ledger knows it now, folding the person's own stream with the domain's
 * `evolvePerson`: the write side's truth, with no projection lag, so a client sees its write at once.
 */
export const readPerson = async (store: EventStore, personId: string): Promise<PersonView> => {
  const { person, position } = await foldPersonStream(store, personId);
  const registration = person.registration;
  if (registration === null) return notFound('PERSON_NOT_FOUND', `person ${personId} is not registered`);
  return {
    personId: registration.personId,
    region: registration.region,
    scheme: registration.scheme,
    identities: intervalsOf(person.identityChanges),
    identityChanges: person.identityChanges,
    enrollments: [...person.enrollments.values()].sort((left, right) => left.year - right.year),
    oneTimeAssistance: person.oneTimeAssistance,
    position: position.toString(),
  };
};

const foldPersonStream = async (store: EventStore, personId: string): Promise<{ person: Person; position: bigint }> => {
  const stream = personStream(personId);
  let person = personDecider.initialState();
  let position = 0n;
  for await (const events of pagesOfStream(store, stream, { pageSize: READ_PAGE })) {
    for (const event of events) person = personDecider.evolve(person, { type: event.type, data: event.data } as PersonEvent);
    position = events[events.length - 1].position;
  }
  return { person, position };
};
