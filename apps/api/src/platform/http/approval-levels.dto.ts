import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN, MAX_APPROVAL_LEVELS } from '@app/domain';

/** The body that sets approval levels, a program's or a unit's. */
export class ApprovalLevelDto {
  @ApiProperty({ example: 'lak-bdv', description: 'The unit whose supervisors approve at this level' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  unitId!: string;

  @ApiProperty({ example: 'Ban Dân vận Huyện ủy Lắk' }) @IsString() @Length(1, 200)
  name!: string;
}

export class ApprovalLevelsDto {
  @ApiProperty({ type: [ApprovalLevelDto], description: 'Lowest first; an empty list (or one level): a single approval makes a report official (for a unit: an empty list removes its own levels, and the nearest unit above that defines some decides)' })
  @IsArray() @ArrayMaxSize(MAX_APPROVAL_LEVELS) @ValidateNested({ each: true }) @Type(() => ApprovalLevelDto)
  levels!: ApprovalLevelDto[];
}
