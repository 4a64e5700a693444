import { ApiProperty } from '@nestjs/swagger';
import { AREA_LEVELS } from '@app/domain';
import { DATE_SCHEMA } from '../../platform/http/responses.dto';

/** Response shapes of the areas routes, for the OpenAPI spec only (the handlers build plain objects); exact, and closed by the spec builder. */

export class AreaDto {
  @ApiProperty({ example: 'xa-ia-lop' }) code!: string;
  @ApiProperty({ example: 'Ia Lốp' }) name!: string;
  @ApiProperty({ enum: AREA_LEVELS }) level!: string;
  @ApiProperty({ type: 'string', nullable: true }) parentCode!: string | null;
  @ApiProperty({ enum: ['active', 'retired'] }) status!: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'Where a retired area’s history counts now' }) successorCode!: string | null;
  @ApiProperty({ ...DATE_SCHEMA, nullable: true }) retiredFrom!: string | null;
}

export class AreaListDto {
  @ApiProperty({ type: [AreaDto] }) items!: AreaDto[];
}

export class NamedAreaDto {
  @ApiProperty() code!: string;
  @ApiProperty({ type: 'string', nullable: true }) name!: string | null;
  @ApiProperty({ type: 'string', nullable: true, enum: ['active', 'retired', null] }) status!: string | null;
}

export class AreaHistoryEntryDto {
  @ApiProperty({ enum: ['registered', 'renamed', 'reparented', 'merged_into', 'absorbed', 'split_into', 'split_from'] }) change!: string;
  @ApiProperty({ ...DATE_SCHEMA, nullable: true }) effectiveFrom!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) reason!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Old and new name or parent; the areas on the other side of a merge or split' })
  details!: Record<string, unknown>;
  @ApiProperty({ pattern: '^[0-9a-f]{16,32}$' }) position!: string;
}

export class AreaDetailDto extends AreaDto {
  @ApiProperty({ type: NamedAreaDto, nullable: true }) parent!: NamedAreaDto | null;
  @ApiProperty({ type: [NamedAreaDto] }) predecessors!: NamedAreaDto[];
  @ApiProperty({ type: [NamedAreaDto] }) successors!: NamedAreaDto[];
  @ApiProperty({ type: [AreaHistoryEntryDto] }) history!: AreaHistoryEntryDto[];
}
