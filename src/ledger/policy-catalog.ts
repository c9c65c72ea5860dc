import type { PolicyPublished } from '../domain/ledger.events';
import type { PublishedPack } from '../domain/policy/policy-pack';
import { selectRevision } from '../domain/policy/revision-selection';
import type { Claim } from '../domain/policy/settlement.types';
import type { EventStore } from '../event-store/event-store.port';
import { pagesOfAll } from '../event-store/paging';
import type { IsoDate } from '../domain/vocabulary';

const PAGE = 1000;

/**
 * The policy revisions published so far, in publication order, read from the store's `PolicyPublished`
 * events. Every process keeps its own copy and catches up from its last position before it decides
 * anything that depends on policy, so a revision published by another process is seen.
 */
export class PolicyCatalog {
  private readonly byRegion = new Map<string, PublishedPack[]>();
  private position = 0n;

  constructor(private readonly store: EventStore) {}

  async refresh(): Promise<void> {
    for await (const events of pagesOfAll(this.store, { after: this.position, pageSize: PAGE, filter: { eventTypes: ['PolicyPublished'] } })) {
      for (const event of events) this.add(event.data as PolicyPublished['data']);
      this.position = events[events.length - 1].position;
    }
  }

  add(data: PolicyPublished['data']): void {
    this.addRevision({ ref: { region: data.region, revision: data.revision, hash: data.hash }, pack: data.pack });
  }

  /** A revision already read elsewhere (a reassessment thread is given its service's); one already known is ignored. */
  addRevision(published: PublishedPack): void {
    const revisions = this.byRegion.get(published.ref.region) ?? [];
    if (revisions.some((known) => known.ref.revision === published.ref.revision)) return;
    revisions.push(published);
    this.byRegion.set(published.ref.region, revisions);
  }

  revisions(region?: string): PublishedPack[] {
    if (region !== undefined) return [...(this.byRegion.get(region) ?? [])];
    return [...this.byRegion.values()].flat();
  }

  inForce(region: string, date: IsoDate): PublishedPack | null {
    return selectRevision(this.byRegion.get(region) ?? [], region, date);
  }

  /** The revision a claim is settled under and its reference date (see `claimRevision`). */
  forClaim(region: string, claim: Pick<Claim, 'admissionDate' | 'dischargeDate'>): { policy: PublishedPack; referenceDate: IsoDate } | null {
    return claimRevision(this.byRegion.get(region) ?? [], region, claim);
  }

}

/**
 * The revision a claim is settled under and its reference date, among revisions in publication order.
 * The pack names which date decides (identityDate), so the discharge date picks a first candidate and,
 * when that pack says admission, the admission date picks again. A simulation passes the published
 * revisions plus its draft; the catalog passes what it has read from the store.
 */
export const claimRevision = (
  revisions: readonly PublishedPack[],
  region: string,
  claim: Pick<Claim, 'admissionDate' | 'dischargeDate'>,
): { policy: PublishedPack; referenceDate: IsoDate } | null => {
  const byDischarge = selectRevision(revisions, region, claim.dischargeDate);
  if (byDischarge && byDischarge.pack.identityDate !== 'admission') return { policy: byDischarge, referenceDate: claim.dischargeDate };
  const byAdmission = selectRevision(revisions, region, claim.admissionDate);
  if (byAdmission && byAdmission.pack.identityDate === 'admission') return { policy: byAdmission, referenceDate: claim.admissionDate };
  return byDischarge ? { policy: byDischarge, referenceDate: claim.dischargeDate } : null;
};
