import { DomainError } from '../domain/domain-error';
import { ReservationConflict, type ReservationSource } from '../event-store/event-store.port';
import { STREAM_PREFIXES } from './stream-names';

/** The reservation key a claim id is settled under, once and for ever, across persons and years. */
export const claimReservationKey = (claimId: string): string => `claim-${claimId}`;

/** How a store that starts keeping reservations finds the claim ids settled before (ClaimSettled carries claimId and claimHash). */
export const CLAIM_RESERVATION_SOURCE: ReservationSource = { eventType: 'ClaimSettled', keyPrefix: 'claim-', idField: 'claimId', fingerprintField: 'claimHash' };

/** The person-year a benefit-year stream belongs to (`benefit-year-<personId>-<year>`). */
export const personYearOf = (stream: string): { personId: string; year: number } | null => {
  const match = /^(.+)-(\d{4})$/.exec(stream.slice(STREAM_PREFIXES.benefitYear.length));
  return stream.startsWith(STREAM_PREFIXES.benefitYear) && match ? { personId: match[1]!, year: Number(match[2]) } : null;
};

/**
 * A claim id already settled for another person, another year or other content (409). The message
 * names nobody; the original person-year travels beside it, and the HTTP edge decides whether the
 * caller may see it (a hospital resubmitting may not learn whom another settlement paid). The edge
 * also looks up the original person's region (`withOriginalRegion`): a caller limited to regions may
 * see the original only when it is of one of them, and while the region is unknown it may not.
 */
export class ClaimIdReused extends DomainError {
  constructor(
    readonly claimId: string,
    readonly original: { readonly personId: string; readonly year: number } | null,
    readonly originalRegion: string | null = null,
  ) {
    super('conflict', 'CLAIM_ID_REUSED', `claimId: claim ${claimId} was already settled for another person, year or content; a claim id is settled once`);
  }

  /** The same refusal, knowing the region the original person is registered in. */
  withOriginalRegion(region: string | null): ClaimIdReused {
    return new ClaimIdReused(this.claimId, this.original, region);
  }

  static from(claimId: string, conflict: ReservationConflict): ClaimIdReused {
    return new ClaimIdReused(claimId, personYearOf(conflict.heldBy.stream));
  }
}
