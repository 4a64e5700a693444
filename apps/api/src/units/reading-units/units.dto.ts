import { ApiProperty } from '@nestjs/swagger';

/** Response shapes of the units routes, for the OpenAPI spec only (the handlers build plain objects); exact, and closed by the spec builder. */

export class UnitApprovalLevelDto {
  @ApiProperty({ example: 'lak-bdv' }) unitId!: string;
  @ApiProperty({ example: 'Ban Dân vận Huyện ủy Lắk' }) name!: string;
}

export class EffectiveApprovalLevelsDto {
  @ApiProperty({ description: 'The unit (this one or one above it) whose levels apply', example: 'lak-bdv' }) definedBy!: string;
  @ApiProperty({ type: [UnitApprovalLevelDto] }) levels!: UnitApprovalLevelDto[];
}

export class UnitDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ type: 'string', nullable: true }) parentId!: string | null;
  @ApiProperty({ type: [UnitApprovalLevelDto], description: "The unit's own levels for reports of its subtree under no program, lowest first; empty: it defines none" })
  approvalLevels!: UnitApprovalLevelDto[];
  @ApiProperty({
    type: EffectiveApprovalLevelsDto, nullable: true,
    description: "The levels a report of this unit under no program passes when submitted now (its own, or the nearest unit's above that defines some); null: one approval",
  })
  effectiveApprovalLevels!: EffectiveApprovalLevelsDto | null;
}

export class UnitListDto {
  @ApiProperty({ type: [UnitDto] }) items!: UnitDto[];
}
