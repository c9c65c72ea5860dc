import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponse } from './error-response.dto';

const DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Invalid input: `message` lists one "path.to.field: rule" line per problem.',
  404: 'The record does not exist.',
  409: 'Conflict: another request changed the record first (`WRONG_EXPECTED_VERSION`), or an id was reused.',
  422: 'The ledger refuses the command under its rules; `code` says why.',
  500: 'Unexpected failure; the body is generic and the details are in the service log.',
};

/**
 * Documents the error statuses an endpoint can answer with, all using the `ErrorResponse` body:
 * `@ApiErrorResponses(400, 404, 422)`.
 */
export const ApiErrorResponses = (...statuses: ReadonlyArray<keyof typeof DESCRIPTIONS>): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error.', type: ErrorResponse }),
    ),
  );
