import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN, PERIOD_KEY_MESSAGE, PERIOD_KEY_PATTERN } from '@app/domain';
import { BackEntryDto } from '../back-entry';

export class CreateReportDto extends BackEntryDto {
  @ApiPropertyOptional({ description: 'Client-chosen id; generated when absent' }) @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  id?: string;

  @ApiProperty({ example: 'daklak-bchqs' }) @Matches(ID_PATTERN, { message: ID_MESSAGE })
  unitId!: string;

  @ApiProperty({ example: '2021-H1' }) @Matches(PERIOD_KEY_PATTERN, { message: PERIOD_KEY_MESSAGE })
  period!: string;

  @ApiPropertyOptional({ example: 'daklak-dv-2021' }) @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  programId?: string;

  @ApiPropertyOptional({
    example: 'Báo cáo bổ sung sau hội nghị sơ kết',
    description: 'Required for a late report: when a review conference of the program already announced the period, or an approved consolidated report already covers the unit and period; recorded with the report',
  })
  @IsOptional() @IsString() @Length(1, 2000)
  reason?: string;

  @ApiPropertyOptional({
    description: "The report consolidates its unit's subtree for its period (a steering committee's year report that already sums its units' work): totals count its figures instead of the covered reports'",
  })
  @IsOptional() @IsBoolean()
  consolidates?: boolean;
}
