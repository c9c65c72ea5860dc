import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, IsString, Length, Matches, Max, Min, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';
import { BENEFIT_DATE_YEARS, IsIsoDate, IsNotBlank, IsOptionalNotNull } from '../../common/dto-validators';
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

/**
 * Refuses a field of one form of scope given in the other form: `from` beside `personId`, or `year`
 * beside `region` alone, would otherwise be ignored, and the caller would reassess another period
 * than the one written.
 */
const IsOfItsForm = (form: 'person' | 'region'): PropertyDecorator =>
  ValidateBy({
    name: 'isOfItsForm',
    validator: {
      validate: (value: unknown, args): boolean => {
        const scope = args?.object as ReassessScopeDto | undefined;
        if (value === undefined || scope === undefined) return true;
        return form === 'region' ? scope.personId === undefined : !(scope.region !== undefined && scope.personId === undefined);
      },
      defaultMessage: (args): string =>
        `${args?.property ?? 'property'} belongs to the ${form === 'region' ? 'region scope (region+from+to), not beside personId' : 'person-year scope (personId+year), not beside region'}`,
    },
  });

export class ReassessScopeDto {
  @ApiPropertyOptional({ example: 'p-000123', description: 'Person-year scope: with `year`.' })
  @ValidateIf(personForm)
  @Matches(OPAQUE_ID, { message: 'personId must be an opaque id (or give region+from+to instead)' })
  readonly personId?: string;

  @ApiPropertyOptional({ example: 2023, description: 'Person-year scope: with `personId`.' })
  @ValidateIf((scope: ReassessScopeDto) => personForm(scope) || scope.year !== undefined)
  @IsOfItsForm('person')
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
  @ValidateIf((scope: ReassessScopeDto) => regionForm(scope) || scope.from !== undefined)
  @IsOfItsForm('region')
  @IsIsoDate(BENEFIT_DATE_YEARS)
  readonly from?: string;

  @ApiPropertyOptional({ example: '2023-12-31', format: 'date' })
  @ValidateIf((scope: ReassessScopeDto) => regionForm(scope) || scope.to !== undefined)
  @IsOfItsForm('region')
  @IsIsoDate(BENEFIT_DATE_YEARS)
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
