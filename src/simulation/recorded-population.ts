import { evolveBenefitYear, initialBenefitYear, type BenefitYear, type BenefitYearEvent } from '../domain/benefit-year/benefit-year.decider';
import type { ClaimSettled, EnrollmentRegistered, PersonRegistered } from '../domain/ledger.events';
import { evolvePerson, initialPerson, type Person, type PersonEvent } from '../domain/person/person.decider';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { benefitYearStream, personStream } from '../ledger/stream-names';

/** Events read per page of `$all` or of one stream. */
const READ_PAGE_EVENTS = 2000;
/** Pages of `$all` a scan may read: 2000 × 50,000 = 100 million events, beyond any region's history. */
const SCAN_PAGES_MAX = 50_000;
/** Pages of one stream: a person-year of 200,000 events is a data error, not a history. */
const STREAM_PAGES_MAX = 100;

/** Who a simulation replays: the persons of a region, the person-years with claims, and the enrollments of the year. */
export interface Population {
  readonly personYears: readonly string[];
  readonly enrolledPersons: readonly string[];
}

/**
 * The recorded population as it stood at one global position of the store. Every read ignores events
 * after that position, so a simulation computed at a position gives the same figures however many
 * claims are settled while it runs: that is what makes its answer reproducible.
 */
export class RecordedPopulation {
  constructor(
    private readonly store: EventStore,
    readonly position: bigint,
  ) {}

  /** The persons registered in `region` with claims (or an enrollment) in `year`, in the order first recorded. */
  async of(region: string, year: number): Promise<Population> {
    const inRegion = new Set<string>();
    const withClaims = new Set<string>();
    const enrolled = new Set<string>();
    await this.scan(['PersonRegistered', 'ClaimSettled', 'EnrollmentRegistered'], (event) => {
      if (event.type === 'PersonRegistered') {
        const data = event.data as PersonRegistered['data'];
        if (data.region === region) inRegion.add(data.personId);
      } else if (event.type === 'ClaimSettled') {
        const data = event.data as ClaimSettled['data'];
        if (data.year === year) withClaims.add(data.personId);
      } else {
        const data = event.data as EnrollmentRegistered['data'];
        if (data.year === year) enrolled.add(data.personId);
      }
    });
    return {
      personYears: [...withClaims].filter((personId) => inRegion.has(personId)),
      enrolledPersons: [...enrolled].filter((personId) => inRegion.has(personId)),
    };
  }

  async person(personId: string): Promise<Person> {
    const events = await this.stream(personStream(personId));
    return events.reduce((person, event) => evolvePerson(person, { type: event.type, data: event.data } as PersonEvent), initialPerson());
  }

  async benefitYear(personId: string, year: number): Promise<BenefitYear> {
    const events = await this.stream(benefitYearStream(personId, year));
    return events.reduce((state, event) => evolveBenefitYear(state, { type: event.type, data: event.data } as BenefitYearEvent), initialBenefitYear());
  }

  private async scan(eventTypes: readonly string[], visit: (event: RecordedEvent) => void): Promise<void> {
    let after = 0n;
    for (let page = 0; page < SCAN_PAGES_MAX; page++) {
      const events = await this.store.readAll({ afterPosition: after, maxCount: READ_PAGE_EVENTS, filter: { eventTypes } });
      for (const event of events) {
        if (event.position > this.position) return;
        visit(event);
      }
      if (events.length < READ_PAGE_EVENTS) return;
      after = events[events.length - 1].position;
    }
    throw new RangeError(`the store holds more than ${SCAN_PAGES_MAX * READ_PAGE_EVENTS} events of ${eventTypes.join(', ')}`);
  }

  private async stream(stream: string): Promise<RecordedEvent[]> {
    const read: RecordedEvent[] = [];
    let from: bigint | 'start' = 'start';
    for (let page = 0; page < STREAM_PAGES_MAX; page++) {
      const events = await this.store.readStream(stream, { from, maxCount: READ_PAGE_EVENTS });
      const upTo = events.filter((event) => event.position <= this.position);
      read.push(...upTo);
      if (events.length < READ_PAGE_EVENTS || upTo.length < events.length) return read;
      from = events[events.length - 1].revision + 1n;
    }
    throw new RangeError(`stream ${stream} holds more than ${STREAM_PAGES_MAX * READ_PAGE_EVENTS} events`);
  }
}
