import { HttpException } from '@nestjs/common';
import { DomainError } from '../../domain/domain-error';

/**
 * The outcome label of a failed command or append: the refusal's kind or code where the error says
 * it (a bounded set, so the label's cardinality stays small), `error` otherwise.
 */
export const describeOutcome = (error: unknown): string => {
  if (error instanceof DomainError) return error.kind;
  if (error instanceof HttpException) return `http_${error.getStatus()}`;
  if (error instanceof Error && KNOWN_ERRORS.has(error.name)) return error.name;
  return 'error';
};

const KNOWN_ERRORS = new Set(['WrongExpectedVersion', 'EventIdConflict', 'SettlementRefused', 'NotFoundError', 'ConflictError', 'UnprocessableError']);
