/**
 * Injection token of the `EventStore` port. A symbol rather than the interface name, because
 * TypeScript interfaces do not exist at run time:
 *
 *   constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
 */
export const EVENT_STORE = Symbol('EVENT_STORE');

/** The `IntegrityGate`: whether the store passed start-up verification, and the checkpoint signing key. */
export const INTEGRITY_GATE = Symbol('INTEGRITY_GATE');
