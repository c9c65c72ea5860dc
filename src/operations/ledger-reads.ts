import { evolveBenefitYear, initialBenefitYear, type BenefitYear, type BenefitYearEvent } from '../domain/benefit-year/benefit-year.decider';
import { evolvePerson, initialPerson, type Person, type PersonEvent } from '../domain/person/person.decider';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { toLedgerEvent } from '../ledger/aggregate-store';
import { benefitYearStream, personStream } from '../ledger/stream-names';

/**
 * Read-only folds of one stream for the dry runs and the export: the same pure `evolve` functions the
 * ledger decides with, so a dry run sees exactly the state the real run will decide against.
 */
const STREAM_EVENTS_MAX = 100_000;

export const readStreamEvents = (store: EventStore, stream: string): Promise<RecordedEvent[]> => store.readStream(stream, { maxCount: STREAM_EVENTS_MAX });

export const loadPerson = async (store: EventStore, personId: string): Promise<Person> => {
  const events = await readStreamEvents(store, personStream(personId));
  return events.map(toLedgerEvent).reduce((person, event) => evolvePerson(person, event as PersonEvent), initialPerson());
};

/** The person-year as it stood after the event at `throughRevision` (the whole stream when omitted). */
export const loadBenefitYear = async (store: EventStore, personId: string, year: number, throughRevision?: bigint): Promise<BenefitYear> => {
  const events = await readStreamEvents(store, benefitYearStream(personId, year));
  const upTo = throughRevision === undefined ? events : events.filter((event) => event.revision <= throughRevision);
  return upTo.map(toLedgerEvent).reduce((state, event) => evolveBenefitYear(state, event as BenefitYearEvent), initialBenefitYear());
};
