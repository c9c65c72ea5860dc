import { benefitYearDecider, personDecider } from '../domain/deciders';
import type { BenefitYear, BenefitYearEvent } from '../domain/benefit-year/benefit-year.decider';
import type { Person, PersonEvent } from '../domain/person/person.decider';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { pagesOfStream } from '../event-store/paging';
import { toLedgerEvent } from '../ledger/aggregate-store';
import { benefitYearStream, personStream } from '../ledger/stream-names';

/**
 * Read-only folds of one stream for the dry runs and the export: the domain's own decider objects,
 * so a dry run sees exactly the state the real run will decide against.
 */
const STREAM_PAGE_EVENTS = 1000;

export const readStreamEvents = async (store: EventStore, stream: string): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for await (const page of pagesOfStream(store, stream, { pageSize: STREAM_PAGE_EVENTS })) events.push(...page);
  return events;
};

export const loadPerson = async (store: EventStore, personId: string): Promise<Person> => {
  const events = await readStreamEvents(store, personStream(personId));
  return events.map(toLedgerEvent).reduce((person, event) => personDecider.evolve(person, event as PersonEvent), personDecider.initialState());
};

/** The person-year as it stood after the event at `throughRevision` (the whole stream when omitted). */
export const loadBenefitYear = async (store: EventStore, personId: string, year: number, throughRevision?: bigint): Promise<BenefitYear> => {
  const events = await readStreamEvents(store, benefitYearStream(personId, year));
  const upTo = throughRevision === undefined ? events : events.filter((event) => event.revision <= throughRevision);
  return upTo.map(toLedgerEvent).reduce((state, event) => benefitYearDecider.evolve(state, event as BenefitYearEvent), benefitYearDecider.initialState());
};
