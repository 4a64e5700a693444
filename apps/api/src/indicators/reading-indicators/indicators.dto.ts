import { ApiProperty } from '@nestjs/swagger';
import { AGGREGATIONS } from '@app/domain';

/** Response shapes of the indicators routes, for the OpenAPI spec only (the handlers build plain objects); exact, and closed by the spec builder. */

export class IndicatorDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() unit!: string;
  @ApiProperty({ enum: AGGREGATIONS }) aggregation!: string;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 6 }) scale!: number;
}

export class IndicatorListDto {
  @ApiProperty({ type: [IndicatorDto] }) items!: IndicatorDto[];
}
