/**
 * Injection token of the one `Ledger` (src/ledger/ledger.service.ts) of the process. A symbol, like
 * `EVENT_STORE`, so that tests can override the provider without importing the class.
 */
export const LEDGER = Symbol('LEDGER');
