import { ApiProperty } from '@nestjs/swagger';
import { DATE_SCHEMA } from '../../platform/http/responses.dto';

/** Response shapes of the assignments routes, for the OpenAPI spec only (the handlers build plain objects); exact, and closed by the spec builder. */

export class AssignmentEndDto {
  @ApiProperty() reason!: string;
  @ApiProperty(DATE_SCHEMA) effectiveFrom!: string;
}

export class AssignmentDto {
  @ApiProperty({ example: 'daklak-dv-2021~a252e012a35b' }) id!: string;
  @ApiProperty() programId!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() areaCode!: string;
  @ApiProperty({ type: 'integer' }) year!: number;
  @ApiProperty({ type: 'string', nullable: true }) decisionRef!: string | null;
  @ApiProperty({ ...DATE_SCHEMA, nullable: true }) decidedAt!: string | null;
  @ApiProperty({ enum: ['active', 'ended'] }) status!: string;
  @ApiProperty({ type: AssignmentEndDto, nullable: true }) ended!: AssignmentEndDto | null;
}

export class AssignmentListDto {
  @ApiProperty({ type: [AssignmentDto] }) items!: AssignmentDto[];
}

export class AreaAssignmentHistoryDto {
  @ApiProperty() areaCode!: string;
  @ApiProperty({ type: [String], description: 'The area, its subtree and its predecessors under the current map' }) areaCodes!: string[];
  @ApiProperty({ type: [AssignmentDto] }) items!: AssignmentDto[];
}
