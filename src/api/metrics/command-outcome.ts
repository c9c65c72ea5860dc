import { HttpException } from '@nestjs/common';
import { DomainError } from '../../shared/domain-error';

/**
 * The outcome label of a failed command or append: the refusal's kind (`not-found`, `conflict`,
 * `unprocessable`: every refusal of the domain, the store and the application is a DomainError), or
 * `http_<status>` for a refusal of the edge, or `error`. A bounded set, so the label's cardinality
 * stays small.
 */
export const describeOutcome = (error: unknown): string => {
  if (error instanceof DomainError) return error.kind;
  if (error instanceof HttpException) return `http_${error.getStatus()}`;
  return 'error';
};
