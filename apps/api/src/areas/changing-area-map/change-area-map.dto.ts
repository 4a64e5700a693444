import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDefined, IsIn, IsOptional, IsString, Length, Matches, ValidateNested,
} from 'class-validator';
import { AREA_LEVELS, AreaLevel, ID_MESSAGE, ID_PATTERN } from '@app/domain';
import { IsCalendarDate } from '../../platform/http/calendar-date';

export class RegisterAreaDto {
  @ApiProperty({ example: 'xa-ia-lop', description: 'Stable; never reused, even after a merge' }) @Matches(ID_PATTERN, { message: ID_MESSAGE })
  code!: string;

  @ApiProperty({ example: 'Ia Lốp' }) @IsString() @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: AREA_LEVELS }) @IsIn(AREA_LEVELS)
  level!: AreaLevel;

  @ApiPropertyOptional({ example: 'huyen-ea-sup' }) @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  parentCode?: string;
}

/** Every boundary change carries the date it takes effect and why. */
class ChangeDto {
  @ApiProperty({ example: '2025-07-01' }) @IsCalendarDate()
  effectiveFrom!: string;

  @ApiProperty({ example: 'Nghị quyết 1660/NQ-UBTVQH15 về sắp xếp đơn vị hành chính cấp xã' }) @IsString() @Length(1, 2000)
  reason!: string;
}

export class RenameAreaDto extends ChangeDto {
  @ApiProperty({ example: 'Ia Rvê' }) @IsString() @Length(1, 200)
  name!: string;
}

export class ReparentAreaDto extends ChangeDto {
  @ApiProperty({ example: 'tinh-dak-lak' }) @Matches(ID_PATTERN, { message: ID_MESSAGE })
  parentCode!: string;
}

export class AreaRefDto {
  @ApiProperty({ example: 'xa-ia-rve-2025' }) @Matches(ID_PATTERN, { message: ID_MESSAGE })
  code!: string;

  @ApiPropertyOptional({ description: 'Required when the code is new', example: 'Ia Rvê' }) @IsOptional() @IsString() @Length(1, 200)
  name?: string;
}

export class SuccessorDto extends AreaRefDto {
  @ApiPropertyOptional({ description: "A new successor's parent; default: the first source's parent" })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  parentCode?: string;
}

export class MergeAreasDto extends ChangeDto {
  @ApiProperty({ example: ['xa-ia-lop', 'xa-ia-rve'] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ArrayUnique()
  @Matches(ID_PATTERN, { each: true, message: ID_MESSAGE })
  sourceCodes!: string[];

  @ApiProperty({ type: SuccessorDto, description: 'An existing area, or a new one (with its name)' })
  @IsDefined() @ValidateNested() @Type(() => SuccessorDto)
  successor!: SuccessorDto;
}

export class SplitAreaDto extends ChangeDto {
  @ApiProperty({ type: [AreaRefDto], description: 'Each code once' }) @IsArray() @ArrayMinSize(2) @ArrayMaxSize(100)
  @ArrayUnique((part: AreaRefDto) => part.code, { message: 'must name each code once' })
  @ValidateNested({ each: true }) @Type(() => AreaRefDto)
  parts!: AreaRefDto[];

  @ApiProperty({ description: "The part under which the source's history counts" }) @Matches(ID_PATTERN, { message: ID_MESSAGE })
  defaultSuccessorCode!: string;
}
