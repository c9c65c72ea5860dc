/**
 * Injection token of the `EventStore` port. A symbol rather than the interface name, because
 * TypeScript interfaces do not exist at run time:
 *
 *   constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
 */
export const EVENT_STORE = Symbol('EVENT_STORE');
