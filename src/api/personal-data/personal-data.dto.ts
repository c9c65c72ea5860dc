import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches, ValidateBy, type ValidationOptions } from 'class-validator';
import { IsOptionalNotNull } from '../common/dto-validators';
import { ERASURE_REASONS, type ErasureReason } from '../../domain/vocabulary';
import { isNationalId } from '../../personal-data/personal-identifier';
import { IsNotBlank } from '../common/dto-validators';

/** 18 characters, a real province and birth date, and the GB 11643 check character. */
export const IsNationalId = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isNationalId',
      validator: {
        validate: (value: unknown): boolean => typeof value === 'string' && isNationalId(value.trim()),
        defaultMessage: () => 'nationalId must be an 18-character 身份证号 with a valid check digit (GB 11643)',
      },
    },
    options,
  );

/** Mainland mobile numbers and landlines with an area code; +86 and separators allowed. */
const PHONE = /^(?:\+?86[ -]?)?(?:1[3-9]\d{9}|0\d{2,3}[ -]?\d{7,8})$/;

/** A person's personal data, kept in the personal-data store, never in the ledger. */
export class PersonalDataDto {
  @ApiPropertyOptional({ example: '张三', maxLength: 100 })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 100)
  @IsNotBlank()
  readonly name?: string;

  @ApiPropertyOptional({ example: '11010519491231002X', description: '居民身份证号: 18 characters with a valid check digit; one person per number.' })
  @IsOptionalNotNull()
  @IsNationalId()
  readonly nationalId?: string;

  @ApiPropertyOptional({ example: '13800138000', description: 'Mobile, or a landline with its area code (0530-5311234).' })
  @IsOptionalNotNull()
  @Matches(PHONE, { message: 'phone must be a mainland mobile number or a landline with its area code' })
  readonly phone?: string;

  @ApiPropertyOptional({ example: '山东省菏泽市牡丹区…', maxLength: 300 })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 300)
  @IsNotBlank()
  readonly address?: string;
}

export class PersonalDataResponse extends PersonalDataDto {
  @ApiProperty({ example: 'p-000123' })
  readonly personId!: string;
}

export class LookupDto {
  @ApiProperty({ example: '11010519491231002X', description: 'In the body, never in a URL: URLs end up in logs and browser histories.' })
  @IsNationalId()
  readonly nationalId!: string;
}

export class LookupResponse {
  @ApiProperty({ example: 'p-000123' })
  readonly personId!: string;
}

export class ErasureDto {
  @ApiProperty({ enum: ERASURE_REASONS, example: 'SUBJECT_REQUEST', description: 'A code, never free text: the event recording the erasure carries nothing personal.' })
  @IsIn(ERASURE_REASONS)
  readonly reason!: ErasureReason;
}
