import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
  ValidationArguments,
} from 'class-validator';
import { BENEFIT_DATE_YEARS, IsIsoDate, isCalendarDate, IsOptionalNotNull } from '../../common/dto-validators';
import { DISEASE_CODE_FORMS, DISEASE_CODE_PATTERN } from '../../../domain/policy/disease-code';
import {
  CLAIM_KINDS,
  HOSPITAL_LEVELS,
  LOCATIONS,
  type ClaimKind,
  type HospitalLevel,
  type Location,
} from '../../../domain/vocabulary';
import { IsWireAmount, NormaliseAmount, OPAQUE_ID, WIRE_AMOUNT } from './wire-format';

/** A stay longer than a year cannot fall into one benefit year's quota. */
export const MAX_BED_DAYS = 366;

export class ClaimCostsDto {
  @ApiProperty({ example: '80000.00', pattern: WIRE_AMOUNT.source, description: 'Total cost of the episode.' })
  @NormaliseAmount()
  @IsWireAmount()
  readonly total!: string;

  @ApiPropertyOptional({ example: '0.00', description: '目录外全自费 (default 0).' })
  @IsOptionalNotNull()
  @NormaliseAmount()
  @IsWireAmount()
  readonly outOfCatalog?: string;

  @ApiPropertyOptional({ example: '0.00', description: '乙类先行自付 (default 0).' })
  @IsOptionalNotNull()
  @NormaliseAmount()
  @IsWireAmount()
  readonly categoryBSelfPay?: string;

  @ApiPropertyOptional({ example: '0.00', description: '超支付标准部分 (default 0).' })
  @IsOptionalNotNull()
  @NormaliseAmount()
  @IsWireAmount()
  readonly overStandard?: string;

  @ApiPropertyOptional({ example: '0.00', description: '异地就医个人首先自付 (default 0).' })
  @IsOptionalNotNull()
  @NormaliseAmount()
  @IsWireAmount()
  readonly outOfAreaFirstSelfPay?: string;
}

export class AdjudicatedDto {
  @ApiPropertyOptional({ example: '45000.00', description: 'Basic insurance already paid by one-stop settlement.' })
  @IsOptionalNotNull()
  @NormaliseAmount()
  @IsWireAmount()
  readonly basic?: string;

  @ApiPropertyOptional({ example: '12000.00', description: 'Critical-illness insurance already paid.' })
  @IsOptionalNotNull()
  @NormaliseAmount()
  @IsWireAmount()
  readonly critical?: string;
}

export class SevereMentalDisorderDto {
  @ApiProperty({ example: 30, minimum: 0, maximum: MAX_BED_DAYS })
  @IsInt()
  @Min(0)
  @Max(MAX_BED_DAYS)
  readonly bedDays!: number;
}

/** Refuses a date earlier than another date property of the same object (both already YYYY-MM-DD). */
const IsNotBefore = (otherProperty: string): PropertyDecorator =>
  ValidateBy({
    name: 'isNotBefore',
    constraints: [otherProperty],
    validator: {
      validate: (value: unknown, args?: ValidationArguments): boolean => {
        const other = (args?.object as Record<string, unknown> | undefined)?.[otherProperty];
        // Only compare two real dates; the date validators name a malformed one.
        if (typeof value !== 'string' || typeof other !== 'string' || !isCalendarDate(value) || !isCalendarDate(other)) return true;
        return value >= other;
      },
      defaultMessage: (args?: ValidationArguments): string => `${args?.property ?? 'date'} must not be before ${otherProperty}`,
    },
  });

/**
 * Bed days belong to a stay: the bed-day quota applies to INPATIENT claims only, so on an outpatient
 * claim they would be recorded and then ignored without a word.
 */
const IsOnlyForInpatient = (): PropertyDecorator =>
  ValidateBy({
    name: 'isOnlyForInpatient',
    validator: {
      validate: (value: unknown, args?: ValidationArguments): boolean => {
        const kind = (args?.object as { kind?: unknown } | undefined)?.kind;
        // An unknown kind is named by its own rule.
        return value === undefined || kind === 'INPATIENT' || !(CLAIM_KINDS as readonly unknown[]).includes(kind);
      },
      defaultMessage: (): string => 'severeMentalDisorder (bed days) is given only for an INPATIENT claim',
    },
  });

export class SubmitClaimDto {
  @ApiProperty({ example: 'hz-2023-0001', pattern: OPAQUE_ID.source, description: "The hospital's settlement id: resubmitting it is idempotent." })
  @Matches(OPAQUE_ID, { message: 'claimId must be an opaque id of letters, digits, ".", "_", ":" or "-" (at most 64)' })
  readonly claimId!: string;

  @ApiProperty({ example: 'p-000123', pattern: OPAQUE_ID.source })
  @Matches(OPAQUE_ID, { message: 'personId must be an opaque id of letters, digits, ".", "_", ":" or "-" (at most 64)' })
  readonly personId!: string;

  @ApiProperty({ enum: CLAIM_KINDS, example: 'INPATIENT' })
  @IsIn(CLAIM_KINDS)
  readonly kind!: ClaimKind;

  @ApiProperty({ example: '2023-03-01', format: 'date' })
  @IsIsoDate(BENEFIT_DATE_YEARS)
  readonly admissionDate!: string;

  @ApiProperty({ example: '2023-03-15', format: 'date', description: 'For outpatient kinds, the service date (equal to admissionDate).' })
  @IsIsoDate(BENEFIT_DATE_YEARS)
  @IsNotBefore('admissionDate')
  readonly dischargeDate!: string;

  @ApiProperty({ enum: HOSPITAL_LEVELS, example: 'SECONDARY' })
  @IsIn(HOSPITAL_LEVELS)
  readonly hospitalLevel!: HospitalLevel;

  @ApiProperty({ enum: LOCATIONS, example: 'IN_COUNTY' })
  @IsIn(LOCATIONS)
  readonly location!: Location;

  @ApiPropertyOptional({ example: false, description: '规范转诊 (default false).' })
  @IsOptionalNotNull()
  @IsBoolean()
  readonly referred?: boolean;

  @ApiPropertyOptional({ example: false, description: '异地安置备案 (default false).' })
  @IsOptionalNotNull()
  @IsBoolean()
  readonly relocationFiled?: boolean;

  @ApiPropertyOptional({ type: SevereMentalDisorderDto, description: 'Severe mental disorder stay (Fumeng bed-day quota).' })
  @IsOptionalNotNull()
  @IsOnlyForInpatient()
  // @ValidateNested alone passes an array of objects, which the ledger would then read as {}.
  @IsObject()
  @ValidateNested()
  @Type(() => SevereMentalDisorderDto)
  readonly severeMentalDisorder?: SevereMentalDisorderDto;

  @ApiPropertyOptional({
    example: 'M03900',
    description: 'The disease treated: a national 门诊慢特病 病种 code (M and five digits) or an ICD-10 code (E11, E11.900); selects per-disease outpatient terms where the pack lists it.',
  })
  @IsOptionalNotNull()
  @Matches(DISEASE_CODE_PATTERN, { message: `diseaseCode must be ${DISEASE_CODE_FORMS}` })
  readonly diseaseCode?: string;

  @ApiProperty({ type: ClaimCostsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ClaimCostsDto)
  readonly costs!: ClaimCostsDto;

  @ApiPropertyOptional({ type: AdjudicatedDto, description: 'Amounts already paid elsewhere; required for EMPLOYEE-scheme claims.' })
  @IsOptionalNotNull()
  // @ValidateNested alone passes an array of objects, which the ledger would then read as {}.
  @IsObject()
  @ValidateNested()
  @Type(() => AdjudicatedDto)
  readonly adjudicated?: AdjudicatedDto;
}
