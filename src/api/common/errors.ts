/**
 * Errors that application code outside the domain (command handlers, controllers) throws to choose
 * an HTTP status without depending on Nest's exception classes; the domain throws its own
 * `DomainError`, mapped by its `kind`. The global filter (`error-mapping.ts`) maps these:
 * `NotFoundError` → 404, `ConflictError` → 409, `UnprocessableError` → 422. The optional `code` is a
 * stable, machine-readable reason (UPPER_SNAKE_CASE) that clients may branch on; the message is for
 * people and may change.
 */

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

/** The request is well-formed but the ledger refuses it (a domain rule); `code` is required. */
export class UnprocessableError extends Error {
  override readonly name = 'UnprocessableError';
  constructor(readonly code: string, message: string) {
    super(message);
  }
}
