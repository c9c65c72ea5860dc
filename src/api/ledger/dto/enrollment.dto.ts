import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { IsIsoDate, IsOptionalNotNull } from '../../common/dto-validators';
import { MAX_BENEFIT_YEAR, MIN_BENEFIT_YEAR, SCHEMES, type Scheme } from '../../../domain/vocabulary';
import { IsWireAmount, NormaliseAmount, WIRE_AMOUNT } from './wire-format';

export { MAX_BENEFIT_YEAR, MIN_BENEFIT_YEAR };

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

  @ApiProperty({ example: '2022-11-15', format: 'date', description: 'Day of enrollment (contributions for N are often collected in N−1).' })
  @IsIsoDate()
  readonly enrolledOn!: string;
}

export class OneTimeAssistanceDto {
  @ApiProperty({ example: '2023-09-01', format: 'date', description: 'Day of the application; claims of the 12 months before it are covered.' })
  @IsIsoDate()
  readonly applicationDate!: string;
}
