import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class ApproveReportDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000)
  comment?: string;
}

export class ReasonDto {
  @ApiProperty({ example: 'Thiếu số liệu ngày công' }) @IsString() @Length(1, 2000)
  reason!: string;
}
