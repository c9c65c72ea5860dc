/** The refusal family and the assertion, as the domain imports them; defined in the shared leaf (see there). */
export { DomainError, assert, assertNever, conflict, notFound, unprocessable, type DomainErrorKind } from '../shared/domain-error';
