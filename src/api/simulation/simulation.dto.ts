import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateBy } from 'class-validator';
import { IsOptionalNotNull } from '../common/dto-validators';
import { MAX_BENEFIT_YEAR, MIN_BENEFIT_YEAR } from '../ledger/dto/enrollment.dto';
import { REGION_CODE } from '../ledger/dto/wire-format';

/** A pack is a few hundred lines of YAML; a megabyte is far beyond any real one. */
export const DRAFT_PACK_CHARACTERS_MAX = 1_000_000;

/** `againstYear` replays an earlier recorded year; the same or a later year is a mistake, not a replay. */
const IsBeforeYear = (): PropertyDecorator =>
  ValidateBy({
    name: 'isBeforeYear',
    validator: {
      validate: (value: unknown, args): boolean => {
        const year = (args?.object as { year?: unknown } | undefined)?.year;
        // Only two integers are compared; @IsInt names a value that is not one.
        return typeof value !== 'number' || typeof year !== 'number' || value < year;
      },
      defaultMessage: (): string => 'againstYear must be a year earlier than year',
    },
  });

export class StartSimulationDto {
  @ApiProperty({ description: 'The draft pack as YAML (or JSON) text; validated like a published pack, never appended.' })
  @IsString()
  @MinLength(1)
  @MaxLength(DRAFT_PACK_CHARACTERS_MAX)
  readonly pack!: string;

  @ApiProperty({ example: 'heze' })
  @Matches(REGION_CODE, { message: 'region must be a region code such as "heze"' })
  readonly region!: string;

  @ApiProperty({ example: 2023, description: 'The benefit year the draft is written for.' })
  @IsInt()
  @Min(MIN_BENEFIT_YEAR)
  @Max(MAX_BENEFIT_YEAR)
  readonly year!: number;

  @ApiPropertyOptional({ example: 2022, description: "Replay this earlier year's recorded claims, the draft's dates shifted onto it." })
  @IsOptionalNotNull()
  @IsInt()
  @Min(MIN_BENEFIT_YEAR)
  @Max(MAX_BENEFIT_YEAR)
  @IsBeforeYear()
  readonly againstYear?: number;
}
