import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, IsString, Length, Matches, Max, Min, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';
import { IsIsoDate, IsNotBlank, IsOptionalNotNull } from '../../common/dto-validators';
import { MAX_BENEFIT_YEAR, MIN_BENEFIT_YEAR } from './enrollment.dto';
import { OPAQUE_ID, REGION_CODE } from './wire-format';

/** The person-year form is chosen when `region` is absent; the region form when `personId` is absent. */
const personForm = (scope: ReassessScopeDto): boolean => scope.region === undefined || scope.personId !== undefined;
const regionForm = (scope: ReassessScopeDto): boolean => scope.personId === undefined;

/** `to` must not be before `from` (checked only when both are well-formed dates). */
const IsNotBeforeFrom = (): PropertyDecorator =>
  ValidateBy({
    name: 'isNotBeforeFrom',
    validator: {
      validate: (value: unknown, args): boolean => {
        const from = (args?.object as ReassessScopeDto | undefined)?.from;
        return typeof value !== 'string' || typeof from !== 'string' || value >= from;
      },
      defaultMessage: (): string => 'to must not be before from',
    },
  });

const IsNotWithPersonId = (): PropertyDecorator =>
  ValidateBy({
    name: 'isNotWithPersonId',
    validator: {
      validate: (_value: unknown, args): boolean => (args?.object as ReassessScopeDto | undefined)?.personId === undefined,
      defaultMessage: (): string => 'region and personId are alternative scopes: give personId+year or region+from+to',
    },
  });

export class ReassessScopeDto {
  @ApiPropertyOptional({ example: 'p-000123', description: 'Person-year scope: with `year`.' })
  @ValidateIf(personForm)
  @Matches(OPAQUE_ID, { message: 'personId must be an opaque id (or give region+from+to instead)' })
  readonly personId?: string;

  @ApiPropertyOptional({ example: 2023, description: 'Person-year scope: with `personId`.' })
  @ValidateIf(personForm)
  @IsInt()
  @Min(MIN_BENEFIT_YEAR)
  @Max(MAX_BENEFIT_YEAR)
  readonly year?: number;

  @ApiPropertyOptional({ example: 'heze', description: 'Region scope: every claim of the region with a reference date in [from, to].' })
  @ValidateIf((scope: ReassessScopeDto) => scope.region !== undefined)
  @Matches(REGION_CODE, { message: 'region must be a region code such as "heze"' })
  @IsNotWithPersonId()
  readonly region?: string;

  @ApiPropertyOptional({ example: '2023-01-01', format: 'date' })
  @ValidateIf(regionForm)
  @IsIsoDate()
  readonly from?: string;

  @ApiPropertyOptional({ example: '2023-12-31', format: 'date' })
  @ValidateIf(regionForm)
  @IsIsoDate()
  @IsNotBeforeFrom()
  readonly to?: string;
}

export class ReassessDto {
  @ApiProperty({ type: ReassessScopeDto, description: '`{ personId, year }` or `{ region, from, to }`.' })
  @IsObject()
  @ValidateNested()
  @Type(() => ReassessScopeDto)
  readonly scope!: ReassessScopeDto;

  @ApiProperty({ example: '菏医保〔2023〕3号 corrects the 2023 critical-illness threshold' })
  @IsString()
  @Length(1, 500)
  @IsNotBlank()
  readonly reason!: string;

  @ApiPropertyOptional({ example: 'corr-2023-07', description: 'Defaults to one derived from the scope and the revisions in force (so a rerun is idempotent).' })
  @IsOptionalNotNull()
  @Matches(OPAQUE_ID, { message: 'correctionId must be an opaque id' })
  readonly correctionId?: string;

  @ApiPropertyOptional({ example: true, description: 'Compute the impact report only; append nothing (default false).' })
  @IsOptionalNotNull()
  @IsBoolean()
  readonly dryRun?: boolean;
}
