import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, RecordedEvent } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../infrastructure/tokens';
import { BoundedCache } from '../../ledger/bounded-cache';
import { personStream, STREAM_PREFIXES } from '../../ledger/stream-names';
import { DomainError } from '../../shared/domain-error';
import type { Principal } from './roles';

/** Persons whose region is remembered; a region never changes, so entries never go stale. */
const PERSON_REGIONS_MAX = 100_000;

/** True when the principal may see data of this region (an unlimited principal sees every region). */
export const mayAccessRegion = (principal: Principal | undefined, region: string): boolean =>
  principal !== undefined && (principal.regions === null || principal.regions.includes(region));

/**
 * Region scoping (issue 11): a principal limited to regions neither reads nor writes a person of
 * another region, and is answered exactly as for an unknown person (404), so that it learns nothing
 * about who exists elsewhere. A person's region is read from the first event of its own stream
 * (`PersonRegistered`), not from a projection, so a person registered a moment ago is already scoped.
 */
@Injectable()
export class RegionScope {
  private readonly regions = new BoundedCache<string, string>(PERSON_REGIONS_MAX);

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The region a person was registered in, or null for an unknown person. */
  async personRegion(personId: string): Promise<string | null> {
    const known = this.regions.get(personId);
    if (known !== undefined) return known;
    const [first] = await this.store.readStream(personStream(personId), { from: 'start', direction: 'forwards', maxCount: 1 });
    const region = first?.type === 'PersonRegistered' ? (first.data as { region?: unknown }).region : undefined;
    if (typeof region !== 'string') return null;
    this.regions.set(personId, region);
    return region;
  }

  /** Refuses (404) a person outside the principal's regions; unknown persons are left to the ledger. */
  async assertPerson(principal: Principal | undefined, personId: string): Promise<void> {
    if (!(await this.mayAccessPerson(principal, personId))) throw personNotFound(personId);
  }

  /** False only for a registered person of a region the principal is not limited to. */
  async mayAccessPerson(principal: Principal | undefined, personId: string): Promise<boolean> {
    if (principal !== undefined && principal.regions === null) return true;
    const region = await this.personRegion(personId);
    return region === null || mayAccessRegion(principal, region);
  }

  /** Whether events of a stream may be shown: a person's or person-year's stream by the person, a policy stream by its region. */
  async mayAccessStream(principal: Principal | undefined, streamName: string): Promise<boolean> {
    if (principal !== undefined && principal.regions === null) return true;
    const personId = personIdOfStream(streamName);
    if (personId !== null) return (await this.personRegion(personId)) !== null && (await this.mayAccessPerson(principal, personId));
    return this.mayAccessEvent(principal, { streamName, data: null });
  }

  /** Refuses (404) a region the principal is not limited to. */
  assertRegion(principal: Principal | undefined, region: string): void {
    if (!mayAccessRegion(principal, region)) throw new DomainError('not-found', 'REGION_NOT_FOUND', `region ${region} is not known to the ledger`);
  }

  /** Whether an event may be shown to the principal: its person's region, or its policy stream's region. */
  async mayAccessEvent(principal: Principal | undefined, event: Pick<RecordedEvent, 'streamName' | 'data'>): Promise<boolean> {
    if (principal !== undefined && principal.regions === null) return true;
    const personId = (event.data as { personId?: unknown } | null)?.personId;
    if (typeof personId === 'string') {
      const region = await this.personRegion(personId);
      return region !== null && mayAccessRegion(principal, region);
    }
    if (event.streamName.startsWith(STREAM_PREFIXES.policy)) return mayAccessRegion(principal, event.streamName.slice(STREAM_PREFIXES.policy.length));
    // An event of no person and no region (a future stream kind) is shown only to unlimited principals.
    return false;
  }
}

export const personNotFound = (personId: string): DomainError => new DomainError('not-found', 'PERSON_NOT_FOUND', `person ${personId} is not registered`);

const BENEFIT_YEAR_STREAM = /^benefit-year-(.+)-\d{4}$/;

/** The person of a `person-<id>` or `benefit-year-<id>-<year>` stream; null for other streams. */
export const personIdOfStream = (streamName: string): string | null => {
  const year = BENEFIT_YEAR_STREAM.exec(streamName);
  if (year !== null) return year[1] ?? null;
  return streamName.startsWith(STREAM_PREFIXES.person) ? streamName.slice(STREAM_PREFIXES.person.length) : null;
};
