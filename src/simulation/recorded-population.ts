import type { BenefitYear } from '../domain/benefit-year/benefit-year.decider';
import type { Decider } from '../domain/decider';
import { benefitYearDecider, personDecider } from '../domain/deciders';
import type { ClaimSettled, EnrollmentRegistered, PersonRegistered } from '../domain/ledger.events';
import type { Person } from '../domain/person/person.decider';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { pagesOfAll, pagesOfStream } from '../event-store/paging';
import { benefitYearStream, personStream } from '../ledger/stream-names';

/** Events read per page of `$all` or of one stream (every walk is bounded by PAGED_READ_EVENTS_MAX). */
const READ_PAGE_EVENTS = 2000;

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
    return this.fold(personStream(personId), personDecider);
  }

  async benefitYear(personId: string, year: number): Promise<BenefitYear> {
    return this.fold(benefitYearStream(personId, year), benefitYearDecider);
  }

  private async scan(eventTypes: readonly string[], visit: (event: RecordedEvent) => void): Promise<void> {
    for await (const events of pagesOfAll(this.store, { after: 0n, pageSize: READ_PAGE_EVENTS, filter: { eventTypes } })) {
      for (const event of events) {
        if (event.position > this.position) return;
        visit(event);
      }
    }
  }

  /** The stream's state as of the position: events recorded after it are not folded in. */
  private async fold<C, S, E>(stream: string, decider: Decider<C, S, E>): Promise<S> {
    let state = decider.initialState();
    for await (const events of pagesOfStream(this.store, stream, { pageSize: READ_PAGE_EVENTS })) {
      for (const event of events) {
        if (event.position > this.position) return state;
        state = decider.evolve(state, { type: event.type, data: event.data } as E);
      }
    }
    return state;
  }
}
