import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { IsIsoDate, IsNotBlank } from '../../common/dto-validators';
import { CATEGORIES, DEPARTMENTS, SCHEMES, type Category, type Department, type Scheme } from '../../../domain/vocabulary';
import { OPAQUE_ID, REGION_CODE } from './wire-format';

export class RegisterPersonDto {
  @ApiProperty({ example: 'p-000123', pattern: OPAQUE_ID.source, description: 'Opaque person id: never a name or 身份证号 (events are replicated everywhere).' })
  @Matches(OPAQUE_ID, { message: 'personId must be an opaque id of letters, digits, ".", "_", ":" or "-" (at most 64)' })
  readonly personId!: string;

  @ApiProperty({ example: 'heze', pattern: REGION_CODE.source, description: 'Pooling region: the region code of its policy packs.' })
  @Matches(REGION_CODE, { message: 'region must be a region code such as "heze"' })
  readonly region!: string;

  @ApiProperty({ enum: SCHEMES, example: 'RESIDENT' })
  @IsIn(SCHEMES)
  readonly scheme!: Scheme;
}

export class IdentitySourceDto {
  @ApiProperty({ enum: DEPARTMENTS, example: 'CIVIL_AFFAIRS' })
  @IsIn(DEPARTMENTS)
  readonly department!: Department;

  @ApiProperty({ example: '菏泽市民政局 低保名册 2023-01', description: 'Document or roster reference.' })
  @IsString()
  @Length(1, 500)
  @IsNotBlank()
  readonly document!: string;
}

export class RecognizeIdentityDto {
  @ApiProperty({ enum: CATEGORIES, example: 'SUBSISTENCE' })
  @IsIn(CATEGORIES)
  readonly category!: Category;

  @ApiProperty({ example: '2023-01-01', format: 'date', description: 'First valid day; may be before today (retroactive).' })
  @IsIsoDate()
  readonly validFrom!: string;

  @ApiPropertyOptional({ example: null, format: 'date', nullable: true, description: 'Last valid day (inclusive); absent or null: open until revoked.' })
  @IsOptional()
  @IsIsoDate()
  readonly validTo?: string | null;

  @ApiProperty({ type: IdentitySourceDto })
  @IsObject()
  @ValidateNested()
  @Type(() => IdentitySourceDto)
  readonly source!: IdentitySourceDto;
}

export class RevokeIdentityDto {
  @ApiProperty({ enum: CATEGORIES, example: 'SUBSISTENCE' })
  @IsIn(CATEGORIES)
  readonly category!: Category;

  @ApiProperty({ example: '2023-06-30', format: 'date', description: 'Last day (inclusive) the category was valid.' })
  @IsIsoDate()
  readonly validTo!: string;

  @ApiProperty({ example: '家庭收入超过低保标准，退出低保' })
  @IsString()
  @Length(1, 500)
  @IsNotBlank()
  readonly reason!: string;

  @ApiProperty({ type: IdentitySourceDto })
  @IsObject()
  @ValidateNested()
  @Type(() => IdentitySourceDto)
  readonly source!: IdentitySourceDto;
}
