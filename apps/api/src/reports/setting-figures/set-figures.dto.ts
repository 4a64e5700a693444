import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { DecimalInput } from '../../platform/http/decimal-input';
import { CODE_MESSAGE, CODE_PATTERN, ID_MESSAGE, ID_PATTERN, Qualifier, QUALIFIERS } from '@app/domain';

export class FigureDto {
  @ApiProperty({ example: 'rural_road_km' }) @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  indicator!: string;

  @DecimalInput({ nullable: true, example: '110.5', description: "At most the indicator's scale of decimal places (400 otherwise); null removes the figure" })
  value!: number | string | null;

  @ApiPropertyOptional({ example: 'ia-lop' }) @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  areaCode?: string;

  @ApiPropertyOptional({ nullable: true, description: 'Absent: the figure keeps the note it has; null removes it' }) @IsOptional() @IsString() @Length(0, 1000)
  note?: string | null;

  @ApiPropertyOptional({ enum: QUALIFIERS, nullable: true, description: 'How the source qualifies the number: khoảng (about), gần (nearly), hơn/trên (over), ít nhất (at_least); absent or null for an exact figure' })
  @IsOptional() @IsIn(QUALIFIERS, { message: `must be one of ${QUALIFIERS.join(', ')}, or null for an exact figure` })
  qualifier?: Qualifier | null;

  @ApiPropertyOptional({
    nullable: true, example: 'ia-lop-2021-duong-lien-thon',
    description: 'Joint work: the activity this figure reports, the same reference each partner uses; with the same indicator and area it counts once in every total over several units. Absent or null: the unit\'s own work',
  })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  activityRef?: string | null;

  @ApiPropertyOptional({ type: [String], nullable: true, description: 'Joint work: the other units it was done with (required with activityRef)' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @Matches(ID_PATTERN, { each: true, message: ID_MESSAGE })
  partners?: string[] | null;
}

export class SetFiguresDto {
  @ApiProperty({ type: [FigureDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500)
  @ValidateNested({ each: true }) @Type(() => FigureDto)
  figures!: FigureDto[];

  @ApiPropertyOptional({ description: 'Required once the report has been submitted' }) @IsOptional() @IsString() @Length(1, 2000)
  reason?: string;
}
