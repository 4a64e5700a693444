import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN } from '@app/domain';
import { IsCalendarDate } from '../../platform/http/calendar-date';

export class RenameUnitDto {
  @ApiProperty({ example: 'Bộ Chỉ huy Quân sự tỉnh Đắk Lắk' }) @IsString() @Length(1, 200)
  name!: string;
}

export class MoveUnitDto {
  @ApiProperty({ example: 'daklak-bcd' }) @Matches(ID_PATTERN, { message: ID_MESSAGE })
  parentId!: string;
}

export class SucceedUnitDto {
  @ApiProperty({ example: 'daklak-bchqs', description: 'The unit this one is merged into; its history then includes this one' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  successorId!: string;

  @ApiProperty({ example: '2025-07-01' }) @IsCalendarDate()
  effectiveFrom!: string;

  @ApiProperty({ example: 'Hợp nhất theo Nghị quyết 60-NQ/TW' }) @IsString() @Length(1, 2000)
  reason!: string;
}

export type UnitChange = { kind: 'rename'; dto: RenameUnitDto } | { kind: 'move'; dto: MoveUnitDto } | { kind: 'succeed'; dto: SucceedUnitDto };
