import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Aggregation, AGGREGATIONS, CODE_MESSAGE, CODE_PATTERN, MAX_SCALE } from '@app/domain';

export class DefineIndicatorDto {
  @ApiProperty({ example: 'rural_road_km' }) @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code!: string;

  @ApiProperty({ example: 'km đường giao thông nông thôn' }) @IsString() @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'km' }) @IsString() @Length(1, 50)
  unit!: string;

  @ApiProperty({ enum: AGGREGATIONS }) @IsIn(AGGREGATIONS)
  aggregation!: Aggregation;

  @ApiProperty({ minimum: 0, maximum: MAX_SCALE, example: 1 }) @IsInt() @Min(0) @Max(MAX_SCALE)
  scale!: number;
}
