/**
 * The one family of refusals. Every layer that refuses a request (the domain, the store, the
 * application and the HTTP edge) throws a DomainError with a `kind`, a stable `code` clients may
 * branch on (UPPER_SNAKE_CASE) and a message for people. The HTTP edge maps `kind` to a status
 * (not-found 404, conflict 409, unprocessable 422); the CLI and the scenario runner print `code`.
 * Nothing is appended when one is thrown. It lives in the shared leaf so the store, which may not
 * import the domain, throws the same family.
 */
export type DomainErrorKind = 'not-found' | 'conflict' | 'unprocessable';

export class DomainError extends Error {
  override readonly name: string = 'DomainError';
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    /** What the client can do about it, added to the HTTP message ("read it again and retry"). */
    readonly advice?: string,
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

/**
 * The one assertion, paired on write and read (decide checks what evolve checks again). A broken
 * assertion is a bug, never a user error, so it throws a plain Error and the edge answers 500. On
 * hot paths the message is a function, so that it is written only when the assertion fails.
 */
export function assert(condition: boolean, message: string | (() => string)): asserts condition {
  if (!condition) throw new Error(`assertion failed: ${typeof message === 'function' ? message() : message}`);
}
