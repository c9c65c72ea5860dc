import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min, ValidateBy, type ValidationArguments } from 'class-validator';
import { BENEFIT_DATE_YEARS, IsIsoDate, isCalendarDate, IsOptionalNotNull } from '../../common/dto-validators';
import { MAX_BENEFIT_YEAR, MIN_BENEFIT_YEAR, SCHEMES, type Scheme } from '../../../domain/vocabulary';
import { IsWireAmount, NormaliseAmount, WIRE_AMOUNT } from './wire-format';

export { MAX_BENEFIT_YEAR, MIN_BENEFIT_YEAR };

const isBenefitYear = (year: unknown): year is number => Number.isInteger(year) && (year as number) >= MIN_BENEFIT_YEAR && (year as number) <= MAX_BENEFIT_YEAR;

/**
 * The enrollment day lies in the benefit year or the year before it, when contributions for the year
 * are collected. A later day would pick the subsidy from a revision in force long after the year
 * ended (the later of enrolledOn and 1 January decides it); an earlier one is a typo of the year.
 */
const IsInEnrollmentWindow = (): PropertyDecorator =>
  ValidateBy({
    name: 'isInEnrollmentWindow',
    validator: {
      validate: (value: unknown, args?: ValidationArguments): boolean => {
        const year = (args?.object as { year?: unknown } | undefined)?.year;
        // Only a real date and a benefit year are compared; their own rules name anything else.
        if (typeof value !== 'string' || !isCalendarDate(value) || !isBenefitYear(year)) return true;
        const enrolledIn = Number(value.slice(0, 4));
        return enrolledIn === year || enrolledIn === year - 1;
      },
      defaultMessage: (args?: ValidationArguments): string => {
        const year = (args?.object as { year?: number } | undefined)?.year ?? 'N';
        return `enrolledOn must fall in the benefit year ${year} or the year before it, when its contributions are collected`;
      },
    },
  });

export class EnrollPersonDto {
  @ApiProperty({ example: 2023, minimum: MIN_BENEFIT_YEAR, maximum: MAX_BENEFIT_YEAR, description: 'Benefit year N.' })
  @IsInt()
  @Min(MIN_BENEFIT_YEAR)
  @Max(MAX_BENEFIT_YEAR)
  readonly year!: number;

  @ApiPropertyOptional({ enum: SCHEMES, description: "Defaults to the person's registered scheme." })
  @IsOptionalNotNull()
  @IsIn(SCHEMES)
  readonly scheme?: Scheme;

  @ApiProperty({
    example: '350.00',
    pattern: WIRE_AMOUNT.source,
    description: "Individual contribution as stated; the pack's own contribution for the year wins when it has one.",
  })
  @NormaliseAmount()
  @IsWireAmount()
  readonly contribution!: string;

  @ApiProperty({ example: '2022-11-15', format: 'date', description: 'Day of enrollment, in the benefit year N or in N−1 (contributions for N are often collected in N−1).' })
  @IsIsoDate()
  @IsInEnrollmentWindow()
  readonly enrolledOn!: string;
}

export class OneTimeAssistanceDto {
  @ApiProperty({ example: '2023-09-01', format: 'date', description: 'Day of the application; claims of the 12 months before it are covered.' })
  @IsIsoDate(BENEFIT_DATE_YEARS)
  readonly applicationDate!: string;
}
