import { notFound, unprocessable } from '../domain/domain-error';
import type { Person } from '../domain/person/person.decider';
import type { PublishedPack } from '../domain/policy/policy-pack';
import type { IsoDate } from '../domain/vocabulary';
import type { EventStore } from '../event-store/event-store.port';
import type { AggregateStore } from './aggregate-store';
import type { Clock } from './clock';
import type { AppendedEvent, CommandResult } from './ledger.types';
import type { PersonYearIndex } from './person-year-index';
import type { PolicyCatalog } from './policy-catalog';
import type { PersonYearDeciders } from './reassessment-threads';
import { personStream } from './stream-names';
import { personDecider } from '../domain/deciders';

/** What the command, reassessment and reaction services share: the store, its streams, the catalog, the clock. */
export interface LedgerContext {
  readonly store: EventStore;
  readonly aggregates: AggregateStore;
  readonly catalog: PolicyCatalog;
  readonly clock: Clock;
  /** Where a region-wide reassessment finds its person-years; without one it scans the log. */
  readonly personYearIndex?: PersonYearIndex;
  /** Where a large region-wide reassessment decides its person-years; without them, on the event loop. */
  readonly reassessmentThreads?: PersonYearDeciders;
}

export type RegisteredPerson = Person & { registration: NonNullable<Person['registration']> };

export const registeredPerson = async ({ aggregates }: LedgerContext, personId: string): Promise<RegisteredPerson> => {
  const { state } = await aggregates.load(personStream(personId), personDecider);
  if (!state.registration) return notFound('PERSON_NOT_FOUND', `person ${personId} is not registered`);
  return state as RegisteredPerson;
};

/**
 * This process's catalog is current for everything it published itself; a revision published by
 * another process is picked up by a refresh when nothing in force is found, and by every reassessment.
 */
export const policyInForce = async ({ catalog }: LedgerContext, region: string, date: IsoDate): Promise<PublishedPack | null> => {
  const known = catalog.inForce(region, date);
  if (known) return known;
  await catalog.refresh();
  return catalog.inForce(region, date);
};

export const commandResult = (appended: readonly AppendedEvent[]): CommandResult => {
  const last = appended[appended.length - 1];
  return { events: appended, position: last ? last.position : '' };
};

/** A region without any published revision can never settle a claim: refuse it where it is named (422). */
export const knownRegion = async ({ catalog }: Pick<LedgerContext, 'catalog'>, region: string): Promise<void> => {
  if (catalog.revisions(region).length > 0) return;
  await catalog.refresh();
  if (catalog.revisions(region).length === 0) unprocessable('UNKNOWN_REGION', `region: no policy revision is published for region "${region}"`);
};
