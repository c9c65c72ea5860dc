/**
 * Refusals the domain can make. The HTTP edge maps `kind` to a status (not-found 404, conflict 409,
 * unprocessable 422) and the scenario runner prints `code`; nothing is appended when one is thrown.
 */
export type DomainErrorKind = 'not-found' | 'conflict' | 'unprocessable';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (code: string, message: string): never => {
  throw new DomainError('not-found', code, message);
};
export const conflict = (code: string, message: string): never => {
  throw new DomainError('conflict', code, message);
};
export const unprocessable = (code: string, message: string): never => {
  throw new DomainError('unprocessable', code, message);
};

export const assertNever = (value: never): never => {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
};

/** A paired assertion: a broken invariant is a bug, never a user error, so it is not a DomainError. */
export function invariant(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`invariant violated: ${message}`);
}
