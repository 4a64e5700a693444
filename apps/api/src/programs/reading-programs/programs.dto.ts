import { ApiProperty } from '@nestjs/swagger';
import { CUTOFF_RULES, PERIOD_TYPES } from '@app/domain';
import { DATE_SCHEMA } from '../../platform/http/responses.dto';

/** Response shapes of the programs routes, for the OpenAPI spec only (the handlers build plain objects); exact, and closed by the spec builder. */

export class CalendarEntryViewDto {
  @ApiProperty({ enum: PERIOD_TYPES }) periodType!: string;
  @ApiProperty({ enum: CUTOFF_RULES }) cutoff!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) deadlineDays!: number;
}

export class SigningDto {
  @ApiProperty(DATE_SCHEMA) date!: string;
  @ApiProperty({ type: [String] }) signatories!: string[];
}

export class AnnualPlanViewDto {
  @ApiProperty({ type: 'integer' }) year!: number;
  @ApiProperty() text!: string;
}

export class ClosingDto {
  @ApiProperty(DATE_SCHEMA) date!: string;
  @ApiProperty({ type: 'string', nullable: true }) reason!: string | null;
}

export class ApprovalLevelViewDto {
  @ApiProperty() unitId!: string;
  @ApiProperty() name!: string;
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
  @ApiProperty({ type: [ApprovalLevelViewDto], description: 'The levels a report passes before it is official, lowest first; empty: one approval' })
  approvalLevels!: ApprovalLevelViewDto[];
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
