import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The one error body of the API, whatever went wrong; documented in OpenAPI as `ErrorResponse`. */
export class ErrorResponse {
  @ApiProperty({ example: 422, description: 'The HTTP status, repeated in the body.' })
  readonly statusCode!: number;

  @ApiProperty({ example: 'Unprocessable Entity', description: 'The standard reason phrase of the status.' })
  readonly error!: string;

  @ApiPropertyOptional({
    example: 'POLICY_SCOPE_NEGATIVE',
    description: 'Stable machine-readable reason, present on domain refusals and conflicts.',
  })
  readonly code?: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['costs.total: total must be an amount in yuan with exactly two decimals, e.g. "937.80"'],
    description: 'What went wrong: one sentence, or for invalid input one "path.to.field: rule" line per problem.',
  })
  readonly message!: string | string[];
}
