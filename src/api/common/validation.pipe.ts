import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { listedAtMost, PROBLEMS_LISTED_MAX } from '../../shared/listed-at-most';
import { hostileInputProblems } from './hostile-input';

/** A bound on the flattened list, so a hostile payload with thousands of bad fields gets a short answer. */
export const MAX_VALIDATION_MESSAGES = PROBLEMS_LISTED_MAX;

/**
 * The global pipe: unknown fields are refused rather than silently dropped (an unknown field is
 * usually a misspelt one), and bodies are transformed into their DTO classes so nested
 * `@ValidateNested` rules run.
 */
export const createValidationPipe = (): ValidationPipe =>
  new HostileInputRefusingPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new BadRequestException(flattenValidationErrors(errors)),
  });

/**
 * Refuses hostile bodies (too deep, control characters, lone surrogates, prototype keys: see
 * `hostile-input.ts`) before class-transformer recurses over them, then validates as usual.
 */
export class HostileInputRefusingPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      const problems = hostileInputProblems(value);
      if (problems.length > 0) throw new BadRequestException(problems);
    }
    return super.transform(value, metadata);
  }
}

/**
 * Turns class-validator's tree into one line per broken rule, "path.to.field: constraint message",
 * with array elements as indices ("claims.0.costs.total: …").
 */
export const flattenValidationErrors = (errors: readonly ValidationError[]): string[] => {
  const lines: string[] = [];
  const visit = (error: ValidationError, parentPath: string): void => {
    const path = parentPath === '' ? error.property : `${parentPath}.${error.property}`;
    for (const message of Object.values(error.constraints ?? {})) lines.push(`${path}: ${message}`);
    for (const child of error.children ?? []) visit(child, path);
  };
  for (const error of errors) visit(error, '');
  return listedAtMost(lines, MAX_VALIDATION_MESSAGES);
};
