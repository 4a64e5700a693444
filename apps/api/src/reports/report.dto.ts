import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DECIMAL_PATTERN, POSITION_PATTERN, REPORT_STATUSES } from '../platform/http/responses.dto';

/** Response shapes of a report (one, or a page of them), for the OpenAPI spec only (the handlers build plain objects); exact, and closed by the spec builder. */

export class FigureViewDto {
  @ApiProperty() indicator!: string;
  @ApiProperty({ type: 'string', nullable: true }) areaCode!: string | null;
  @ApiProperty({ pattern: DECIMAL_PATTERN, example: '110.5' }) value!: string;
  @ApiProperty({ type: 'string', nullable: true }) note!: string | null;
  @ApiPropertyOptional({ enum: ['about', 'nearly', 'over', 'at_least'], description: 'khoảng, gần, hơn/trên, ít nhất; absent for an exact figure' }) qualifier?: string;
  @ApiPropertyOptional({ description: 'Joint work: the activity this figure reports (counted once across the partners); absent for the unit\'s own work' }) activityRef?: string;
  @ApiPropertyOptional({ type: [String], description: 'Joint work: the other units it was done with' }) partners?: string[];
}

export class ApprovedVersionDto {
  @ApiProperty({ type: 'integer', minimum: 0 }) revision!: number;
  @ApiProperty({ type: [FigureViewDto] }) figures!: FigureViewDto[];
  @ApiProperty() approvedBy!: string;
  @ApiProperty({ format: 'date-time' }) approvedAt!: string;
  @ApiProperty({ type: 'string', nullable: true }) comment!: string | null;
}

export class LevelApprovalDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'The level, from 0 (the lowest)' }) level!: number;
  @ApiProperty() unitId!: string;
  @ApiProperty() by!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: 'string', nullable: true }) comment!: string | null;
}

export class FigureWarningDto {
  @ApiProperty({ example: 'villages_reached' }) indicator!: string;
  @ApiProperty({ type: 'string', nullable: true }) areaCode!: string | null;
  @ApiProperty({ example: 'villages_reached <= villages_total', description: "The indicator's rule as it reads, its plausible range (`0 <= x <= 100`), or `outlier`" })
  rule!: string;
  @ApiProperty() message!: string;
}

export class ReportDto {
  @ApiProperty() id!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty({ type: 'string', nullable: true }) programId!: string | null;
  @ApiProperty({ example: '2021-H1' }) period!: string;
  @ApiProperty({ enum: REPORT_STATUSES }) status!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) revision!: number;
  @ApiProperty({ type: [FigureViewDto] }) figures!: FigureViewDto[];
  @ApiProperty({ type: ApprovedVersionDto, nullable: true }) approved!: ApprovedVersionDto | null;
  @ApiProperty({ type: 'string', nullable: true }) submittedBy!: string | null;
  @ApiProperty({ type: 'string', nullable: true, format: 'date-time' }) submittedAt!: string | null;
  @ApiProperty({ type: 'string', nullable: true, format: 'date', description: "The submission deadline from the program's calendar; null outside a program" })
  deadline!: string | null;
  @ApiProperty({ type: 'boolean', nullable: true, description: 'Whether the first submission met the deadline (Vietnam time); null while unsubmitted or without a deadline' })
  onTime!: boolean | null;
  @ApiProperty({ type: [String], description: "The approval levels of the version under review (units, lowest first), from its program at submission; empty: one approval" })
  levels!: string[];
  @ApiProperty({ type: [LevelApprovalDto], description: 'The levels that approved the version under review so far (the last level approves it into `approved`)' })
  levelApprovals!: LevelApprovalDto[];
  @ApiProperty({
    type: [FigureWarningDto],
    description: "What the checks found when the version was last submitted: non-blocking rules it breaks, figures outside their plausible range, and figures more than 10 times (or less than a tenth of) the unit's median of the same indicator and area in its previous approved reports of the same period length",
  })
  warnings!: FigureWarningDto[];
  @ApiProperty({ type: 'integer', nullable: true, minimum: 0, description: 'The level whose approval the submitted version awaits; null with one approval or when not submitted' })
  awaitingLevel!: number | null;
  @ApiProperty({
    type: [String], nullable: true,
    description: "A consolidated report: the units below its unit whose reports of the same period it covers (totals count its figures instead of theirs); null otherwise",
  })
  consolidates!: string[] | null;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ pattern: POSITION_PATTERN }) position!: string;
}

export class ReportPageDto {
  @ApiProperty({ type: [ReportDto] }) items!: ReportDto[];
  @ApiProperty({ type: 'string', nullable: true, description: 'Pass as cursor for the next page; null on the last' }) nextCursor!: string | null;
}
