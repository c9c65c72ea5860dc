import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsString, Length, Matches, ValidateBy, ValidateIf } from 'class-validator';
import { IsOptionalNotNull } from '../../common/dto-validators';
import { REGION_CODE } from './wire-format';
import { IsNotBlank } from '../../common/dto-validators';

/**
 * Either a whole pack (`pack`, validated by the pack loader against the published JSON Schema, so its
 * errors name the path and the rule) or a reference to a shipped seed pack (`seed`, optionally one
 * `revision`). The pack's own shape is not described field by field here: docs/policy-packs.md is
 * the reference and the loader is the one validator.
 */
/** Refuses the property when `other` is given too: the two are alternatives. */
const IsAloneWith = (other: string): PropertyDecorator =>
  ValidateBy({
    name: 'isAloneWith',
    constraints: [other],
    validator: {
      validate: (_value: unknown, args): boolean => (args?.object as Record<string, unknown> | undefined)?.[other] === undefined,
      defaultMessage: (args): string => `${args?.property ?? 'property'} and ${other} are alternatives: give exactly one`,
    },
  });

export class PublishPolicyDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'A complete policy pack (the YAML format of policies/, as JSON). Exactly one of `pack` and `seed`.',
  })
  @ValidateIf((body: PublishPolicyDto) => body.seed === undefined)
  @IsObject({ message: 'pack must be a policy-pack object (or give "seed" instead)' })
  readonly pack?: Record<string, unknown>;

  @ApiPropertyOptional({ example: 'heze', description: 'Region code of a shipped seed pack. Exactly one of `pack` and `seed`.' })
  @ValidateIf((body: PublishPolicyDto) => body.pack === undefined || body.seed !== undefined)
  @Matches(REGION_CODE, { message: 'seed must be the region code of a shipped pack, e.g. "heze"' })
  @IsAloneWith('pack')
  readonly seed?: string;

  @ApiPropertyOptional({ example: '2022-10', description: 'With `seed`: one shipped revision; absent: every shipped revision of the region, oldest first.' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 64)
  @IsNotBlank()
  readonly revision?: string;

  @ApiPropertyOptional({ example: 'annual statistics published', description: 'Why it is published (recorded in the event).' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 500)
  @IsNotBlank()
  readonly reason?: string;

  @ApiPropertyOptional({ example: '菏医保〔2022〕10号', description: 'The document that publishes it.' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 500)
  @IsNotBlank()
  readonly document?: string;
}
