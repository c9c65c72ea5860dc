import { ReservationConflict, type Reservation } from './event-store.port';

/** Reservation rules both adapters share. */

const RESERVATION_KEY = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;
/** An append guards at most a handful of keys (the ledger uses one); more is a caller bug. */
export const MAX_RESERVATIONS_PER_APPEND = 16;

export interface HeldReservation {
  readonly stream: string;
  readonly fingerprint: string;
}

export const assertValidReservations = (reservations: readonly Reservation[]): void => {
  if (reservations.length > MAX_RESERVATIONS_PER_APPEND) throw new RangeError(`at most ${MAX_RESERVATIONS_PER_APPEND} reservations per append`);
  const seen = new Set<string>();
  for (const { key, fingerprint } of reservations) {
    if (!RESERVATION_KEY.test(key)) throw new RangeError(`reservation key ${JSON.stringify(key)} must be letters, digits and -_.: (at most 200)`);
    if (typeof fingerprint !== 'string' || fingerprint === '') throw new TypeError(`reservation ${key}: fingerprint must be a non-empty string`);
    if (seen.has(key)) throw new RangeError(`reservation key ${key} appears twice in one append`);
    seen.add(key);
  }
};

/** True when the key is free or already ours; throws when someone else holds it. */
export const checkHeld = (stream: string, reservation: Reservation, held: HeldReservation | undefined): boolean => {
  if (held === undefined) return true;
  if (held.stream === stream && held.fingerprint === reservation.fingerprint) return false;
  throw new ReservationConflict(reservation.key, stream, held);
};
