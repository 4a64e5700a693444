import { ApiProperty } from '@nestjs/swagger';

/** Response shapes of the units routes, for the OpenAPI spec only (the handlers build plain objects); exact, and closed by the spec builder. */

export class UnitDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ type: 'string', nullable: true }) parentId!: string | null;
}

export class UnitListDto {
  @ApiProperty({ type: [UnitDto] }) items!: UnitDto[];
}
