import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { CODE_MESSAGE, CODE_PATTERN, ID_MESSAGE, ID_PATTERN, Qualifier, QUALIFIERS } from '@app/domain';
import { DECIMAL_INPUT_SCHEMA } from '../../platform/http/decimal-input';
import { CommandResponseDto, FieldErrorDto } from '../../platform/http/responses.dto';
import { MAX_IMPORT_ROWS } from './figure-rows';

export class ImportFiguresQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: check every row and answer what each would do; nothing is recorded' })
  @IsOptional() @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'Why the figures change: required once the report has been submitted (as for PUT figures)' })
  @IsOptional() @IsString() @Length(1, 2000)
  reason?: string;
}

/** One figure of a data value set, as JSON: the columns of a report's CSV export. */
export class ImportRowDto {
  @ApiProperty({ example: 'rural_road_km' }) @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  indicator!: string;

  @ApiProperty({
    ...DECIMAL_INPUT_SCHEMA,
    example: '110.5',
    description: "At most the indicator's scale of decimal places",
  })
  value!: number | string;

  @ApiPropertyOptional({ example: 'ia-lop' }) @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  areaCode?: string;

  @ApiPropertyOptional({ enum: QUALIFIERS, nullable: true, description: 'Absent or null: an exact figure' })
  @IsOptional() @IsIn(QUALIFIERS)
  qualifier?: Qualifier | null;

  @ApiPropertyOptional({ nullable: true, description: 'Absent or null: the figure has no note (a row states the whole figure)' }) @IsOptional() @IsString() @Length(0, 1000)
  note?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'Joint work: the activity reference each partner reports too (with partners); absent or null: not joint work' })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  activityRef?: string | null;

  @ApiPropertyOptional({ type: [String], nullable: true, description: 'Joint work: the other units it was done with (with activityRef)' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @Matches(ID_PATTERN, { each: true, message: ID_MESSAGE })
  partners?: string[] | null;
}

export class ImportFiguresDto {
  @ApiProperty({ type: [ImportRowDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_IMPORT_ROWS)
  @ValidateNested({ each: true }) @Type(() => ImportRowDto)
  rows!: ImportRowDto[];
}

export class ImportRowResultDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: "CSV: the line the row's record starts on (the header is line 1); XLSX: the worksheet's row number; JSON: the row's place in rows, counting from 1" })
  line!: number;

  @ApiProperty({ type: 'string', nullable: true }) indicator!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) areaCode!: string | null;

  @ApiProperty({ enum: ['added', 'changed', 'unchanged', 'invalid'], description: 'What the row does (or, in a dry run, would do) to its figure' })
  result!: 'added' | 'changed' | 'unchanged' | 'invalid';

  @ApiProperty({ type: [FieldErrorDto], description: 'Why the row is not valid (fields named `line 3.value` in a file, `rows[2].value` in JSON)' })
  errors!: FieldErrorDto[];
}

export class ImportAnswerDto extends CommandResponseDto {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ description: 'Every row passes and the report takes them (always true after an import: otherwise it is refused with 400, or 422 for unknown references)' }) valid!: boolean;
  @ApiProperty({ type: [ImportRowResultDto] }) rows!: ImportRowResultDto[];
  @ApiProperty({ type: [FieldErrorDto], description: "A dry run's reasons the report would refuse the import as a whole (its status, a missing reason)" }) errors!: FieldErrorDto[];
}
