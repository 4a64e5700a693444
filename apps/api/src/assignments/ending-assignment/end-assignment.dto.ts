import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsCalendarDate } from '../../platform/http/calendar-date';

export class EndAssignmentDto {
  @ApiProperty({ example: 'Đơn vị điều chuyển địa bàn đóng quân' }) @IsString() @Length(1, 2000)
  reason!: string;

  @ApiProperty({ example: '2021-07-01', description: 'The first day the unit no longer holds the area' })
  @IsCalendarDate()
  effectiveFrom!: string;
}
