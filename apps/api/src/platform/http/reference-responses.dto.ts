import { ApiProperty } from '@nestjs/swagger';
import { AREA_LEVELS, CUTOFF_RULES, PERIOD_TYPES } from '@app/domain';

/**
 * Response shapes of the areas, programs and assignments routes, for the OpenAPI spec only (the
 * handlers build plain objects). Like responses.dto.ts: exact, and closed by the spec builder.
 */

const DATE = { type: 'string', format: 'date' } as const;

export class AreaDto {
  @ApiProperty({ example: 'xa-ia-lop' }) code!: string;
  @ApiProperty({ example: 'Ia Lốp' }) name!: string;
  @ApiProperty({ enum: AREA_LEVELS }) level!: string;
  @ApiProperty({ type: 'string', nullable: true }) parentCode!: string | null;
  @ApiProperty({ enum: ['active', 'retired'] }) status!: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'Where a retired area’s history counts now' }) successorCode!: string | null;
  @ApiProperty({ ...DATE, nullable: true }) retiredFrom!: string | null;
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
  @ApiProperty({ ...DATE, nullable: true }) effectiveFrom!: string | null;
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

export class CalendarEntryViewDto {
  @ApiProperty({ enum: PERIOD_TYPES }) periodType!: string;
  @ApiProperty({ enum: CUTOFF_RULES }) cutoff!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) deadlineDays!: number;
}

export class SigningDto {
  @ApiProperty(DATE) date!: string;
  @ApiProperty({ type: [String] }) signatories!: string[];
}

export class AnnualPlanViewDto {
  @ApiProperty({ type: 'integer' }) year!: number;
  @ApiProperty() text!: string;
}

export class ClosingDto {
  @ApiProperty(DATE) date!: string;
  @ApiProperty({ type: 'string', nullable: true }) reason!: string | null;
}

export class ProgramDto {
  @ApiProperty({ example: 'daklak-dv-2021' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) parties!: string[];
  @ApiProperty() steeringUnitId!: string;
  @ApiProperty({ type: 'integer' }) fromYear!: number;
  @ApiProperty({ type: 'integer' }) toYear!: number;
  @ApiProperty({ type: [CalendarEntryViewDto] }) calendar!: CalendarEntryViewDto[];
  @ApiProperty({ enum: ['active', 'closed'] }) status!: string;
  @ApiProperty({ type: SigningDto, nullable: true }) signed!: SigningDto | null;
  @ApiProperty({ type: [AnnualPlanViewDto] }) plans!: AnnualPlanViewDto[];
  @ApiProperty({ type: ClosingDto, nullable: true }) closed!: ClosingDto | null;
}

export class ProgramListDto {
  @ApiProperty({ type: [ProgramDto] }) items!: ProgramDto[];
}

export class CompletenessUnitDto {
  @ApiProperty() unitId!: string;
  @ApiProperty({ type: [String], description: 'Areas the unit holds for the period; empty for a report nobody expected' }) areas!: string[];
  @ApiProperty() expected!: boolean;
  @ApiProperty({ type: 'string', nullable: true }) reportId!: string | null;
  @ApiProperty({ type: 'string', nullable: true, enum: ['draft', 'submitted', 'approved', 'rejected', 'amending', null] }) status!: string | null;
  @ApiProperty() received!: boolean;
  @ApiProperty() approved!: boolean;
  @ApiProperty({ type: 'boolean', nullable: true }) onTime!: boolean | null;
}

export class CompletenessDto {
  @ApiProperty() programId!: string;
  @ApiProperty() period!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) expected!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) received!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) approved!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) onTime!: number;
  @ApiProperty({ type: [CompletenessUnitDto] }) units!: CompletenessUnitDto[];
}

export class AssignmentEndDto {
  @ApiProperty() reason!: string;
  @ApiProperty(DATE) effectiveFrom!: string;
}

export class AssignmentDto {
  @ApiProperty({ example: 'daklak-dv-2021~a252e012a35b' }) id!: string;
  @ApiProperty() programId!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() areaCode!: string;
  @ApiProperty({ type: 'integer' }) year!: number;
  @ApiProperty({ type: 'string', nullable: true }) decisionRef!: string | null;
  @ApiProperty({ ...DATE, nullable: true }) decidedAt!: string | null;
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
