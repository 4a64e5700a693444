import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { AGGREGATIONS } from '@app/domain';

/**
 * Response shapes, for the OpenAPI spec only (the handlers build plain objects). They are exact:
 * the spec marks every object `additionalProperties: false`, so Schemathesis fails when a
 * response grows a field the spec does not name.
 */

const POSITION = '^[0-9a-f]{16,32}$';
/** Canonical decimals: no exponent, no leading or trailing zeros. */
const DECIMAL = '^(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?$';
const STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'amending'];

export class FieldErrorDto {
  @ApiProperty({ example: 'figures[0].value' }) field!: string;
  @ApiProperty({ example: 'must not be negative' }) message!: string;
}

/** RFC 9457 problem details, with the request id to quote to an operator. */
export class ProblemDto {
  @ApiProperty({ example: '/problems/validation-error' }) type!: string;
  @ApiProperty({ example: 'Invalid input' }) title!: string;
  @ApiProperty({ minimum: 400, maximum: 599, type: 'integer' }) status!: number;
  @ApiProperty() detail!: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) errors?: FieldErrorDto[];
  @ApiProperty({ example: '4f0c2a4e-7d7a-4c0e-9a51-2d1f6b8e3c55' }) requestId!: string;
}

export class CommandResponseDto {
  @ApiProperty({ example: 'daklak-bchqs-2021-h1' }) id!: string;
  @ApiProperty({ type: 'integer', minimum: -1, description: 'Stream revision after the command; also the ETag' }) revision!: number;
  @ApiProperty({ type: 'string', nullable: true, pattern: POSITION, description: 'Pass as minPosition to read your own write' })
  position!: string | null;
}

export class UnitDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ type: 'string', nullable: true }) parentId!: string | null;
}

export class UnitListDto {
  @ApiProperty({ type: [UnitDto] }) items!: UnitDto[];
}

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

export class FigureViewDto {
  @ApiProperty() indicator!: string;
  @ApiProperty({ type: 'string', nullable: true }) areaCode!: string | null;
  @ApiProperty({ pattern: DECIMAL, example: '110.5' }) value!: string;
  @ApiProperty({ type: 'string', nullable: true }) note!: string | null;
  @ApiPropertyOptional({ enum: ['about', 'nearly', 'over', 'at_least'], description: 'khoảng, gần, hơn/trên, ít nhất; absent for an exact figure' }) qualifier?: string;
}

export class ApprovedVersionDto {
  @ApiProperty({ type: 'integer', minimum: 0 }) revision!: number;
  @ApiProperty({ type: [FigureViewDto] }) figures!: FigureViewDto[];
  @ApiProperty() approvedBy!: string;
  @ApiProperty({ format: 'date-time' }) approvedAt!: string;
  @ApiProperty({ type: 'string', nullable: true }) comment!: string | null;
}

export class ReportDto {
  @ApiProperty() id!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty({ type: 'string', nullable: true }) programId!: string | null;
  @ApiProperty({ example: '2021-H1' }) period!: string;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) revision!: number;
  @ApiProperty({ type: [FigureViewDto] }) figures!: FigureViewDto[];
  @ApiProperty({ type: ApprovedVersionDto, nullable: true }) approved!: ApprovedVersionDto | null;
  @ApiProperty({ type: 'string', nullable: true }) submittedBy!: string | null;
  @ApiProperty({ type: 'string', nullable: true, format: 'date-time' }) submittedAt!: string | null;
  @ApiProperty({ type: 'string', nullable: true, format: 'date', description: "The submission deadline from the program's calendar; null outside a program" })
  deadline!: string | null;
  @ApiProperty({ type: 'boolean', nullable: true, description: 'Whether the first submission met the deadline (Vietnam time); null while unsubmitted or without a deadline' })
  onTime!: boolean | null;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ pattern: POSITION }) position!: string;
}

export class ReportPageDto {
  @ApiProperty({ type: [ReportDto] }) items!: ReportDto[];
  @ApiProperty({ type: 'string', nullable: true, description: 'Pass as cursor for the next page; null on the last' }) nextCursor!: string | null;
}

export class TotalsItemDto {
  @ApiProperty() unitId!: string;
  @ApiProperty() period!: string;
  @ApiProperty() indicator!: string;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL, description: 'Official: approved versions only' }) approved!: string | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL, description: 'If everything awaiting approval were approved' }) proposed!: string | null;
  @ApiPropertyOptional({ enum: [true], description: 'Present when the official (approved) total includes a qualified figure (about, nearly, over, at least)' }) qualified?: true;
  @ApiPropertyOptional({ enum: [true], description: 'Present when the proposed total includes a qualified figure' }) proposedQualified?: true;
}

/** With `areaCode`: totals over the area's subtree under the current boundary map. */
export class AreaTotalsItemDto {
  @ApiProperty() areaCode!: string;
  @ApiProperty() period!: string;
  @ApiProperty() indicator!: string;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL }) approved!: string | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL }) proposed!: string | null;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Units with a figure in the area' }) units!: number;
  @ApiPropertyOptional({ enum: [true], description: 'Present when the official (approved) total includes a qualified figure (about, nearly, over, at least)' }) qualified?: true;
  @ApiPropertyOptional({ enum: [true], description: 'Present when the proposed total includes a qualified figure' }) proposedQualified?: true;
}

export class TotalsDto {
  @ApiProperty({
    type: 'array',
    items: { oneOf: [{ $ref: getSchemaPath(TotalsItemDto) }, { $ref: getSchemaPath(AreaTotalsItemDto) }] },
    description: 'Per unit; per area when the query names an areaCode',
  })
  items!: (TotalsItemDto | AreaTotalsItemDto)[];
  @ApiProperty({ type: 'string', nullable: true }) nextCursor!: string | null;
}

export class BreakdownRowDto {
  @ApiProperty({ description: "The child area's code (by=area) or the child unit's id (by=unit; the unit's own figures are keyed by the unit itself)" }) key!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL }) approved!: string | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL }) proposed!: string | null;
  @ApiPropertyOptional({ enum: [true], description: 'Present when the official (approved) total includes a qualified figure (about, nearly, over, at least)' }) qualified?: true;
  @ApiPropertyOptional({ enum: [true], description: 'Present when the proposed total includes a qualified figure' }) proposedQualified?: true;
}

export class BreakdownTotalDto {
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL }) approved!: string | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL }) proposed!: string | null;
  @ApiPropertyOptional({ enum: [true], description: 'Present when the official (approved) total includes a qualified figure (about, nearly, over, at least)' }) qualified?: true;
  @ApiPropertyOptional({ enum: [true], description: 'Present when the proposed total includes a qualified figure' }) proposedQualified?: true;
}

export class BreakdownDto {
  @ApiProperty() period!: string;
  @ApiProperty() indicator!: string;
  @ApiProperty({ enum: ['area', 'unit'] }) by!: string;
  @ApiProperty({ type: [BreakdownRowDto] }) items!: BreakdownRowDto[];
  @ApiProperty({ type: BreakdownTotalDto, description: 'Over all rows of all pages: for sum indicators, the sum of the rows' }) total!: BreakdownTotalDto;
  @ApiProperty({ type: 'string', nullable: true }) nextCursor!: string | null;
}

export class SummaryIndicatorDto {
  @ApiProperty() indicator!: string;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL }) approved!: string | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL }) proposed!: string | null;
  @ApiProperty({ type: 'integer', minimum: 0 }) units!: number;
  @ApiPropertyOptional({ enum: [true], description: 'Present when the official (approved) total includes a qualified figure (about, nearly, over, at least)' }) qualified?: true;
  @ApiPropertyOptional({ enum: [true], description: 'Present when the proposed total includes a qualified figure' }) proposedQualified?: true;
}

export class ReportCountsDto {
  @ApiProperty({ type: 'integer', minimum: 0 }) draft!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) submitted!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) approved!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) rejected!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) amending!: number;
}

export class SummaryDto {
  @ApiProperty({ example: '2017..2021' }) period!: string;
  @ApiProperty({ type: 'string', nullable: true }) programId!: string | null;
  @ApiPropertyOptional({ description: 'Present when the query names one' }) areaCode?: string;
  @ApiProperty({ type: [SummaryIndicatorDto] }) indicators!: SummaryIndicatorDto[];
  @ApiProperty({ type: ReportCountsDto }) reports!: ReportCountsDto;
}

export class AuditEntryDto {
  @ApiProperty({ format: 'date-time', description: 'When it was recorded' }) at!: string;
  @ApiPropertyOptional({ format: 'date-time', description: "A paper report entered afterwards: when the act really happened (the paper's date)" }) occurredAt?: string;
  @ApiProperty() actor!: string;
  @ApiProperty({ enum: ['created', 'figure_recorded', 'figure_corrected', 'figure_removed', 'submitted', 'approved', 'rejected', 'reopened'] })
  action!: string;
  @ApiProperty() reportId!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() period!: string;
  @ApiProperty({ type: 'string', nullable: true }) indicator!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) areaCode!: string | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL }) oldValue!: string | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: DECIMAL }) newValue!: string | null;
  @ApiPropertyOptional({ enum: ['about', 'nearly', 'over', 'at_least'], description: 'The old figure was qualified' }) oldQualifier?: string;
  @ApiPropertyOptional({ enum: ['about', 'nearly', 'over', 'at_least'], description: 'The new figure is qualified' }) newQualifier?: string;
  @ApiProperty({ type: 'string', nullable: true }) reason!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) comment!: string | null;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'FigureRecorded.v1' }) eventType!: string;
  @ApiProperty({ pattern: POSITION }) position!: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
  @ApiProperty({ type: 'string', nullable: true }) nextCursor!: string | null;
}

export class ProjectionHealthDto {
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'string', nullable: true, pattern: POSITION, description: 'Last position the read models include' }) position!: string | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: POSITION, description: 'Last position in the event log' }) head!: string | null;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Events not yet projected (counted up to 1000)' }) lag!: number;
  @ApiProperty() lagCapped!: boolean;
}

export class BuildHealthDto {
  @ApiProperty({ type: 'integer' }) build!: number;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ type: 'string', nullable: true, pattern: POSITION }) checkpoint!: string | null;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Events past the checkpoint (counted up to 1000)' }) lag!: number;
  @ApiProperty() lagCapped!: boolean;
}

export class ReadModelHealthDto {
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'integer', description: 'The version in the running code' }) codeVersion!: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The live build (the one queries read)' }) build!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) version!: number | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: POSITION }) checkpoint!: string | null;
  @ApiProperty({ type: 'integer', minimum: 0 }) lag!: number;
  @ApiProperty() lagCapped!: boolean;
  @ApiProperty({ type: 'string', nullable: true, description: 'When the live build last replaced another' }) switchedAt!: string | null;
  @ApiProperty({ type: BuildHealthDto, nullable: true, description: 'A new build being made beside the live one' }) building!: BuildHealthDto | null;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok'] }) status!: string;
  @ApiProperty() live!: boolean;
  @ApiProperty() ready!: boolean;
  @ApiProperty({ type: ProjectionHealthDto, description: 'The projection furthest behind' }) projection!: ProjectionHealthDto;
  @ApiProperty({ type: [ReadModelHealthDto] }) projections!: ReadModelHealthDto[];
}

export class UnavailableHealthDto {
  @ApiProperty({ enum: ['unavailable'] }) status!: string;
  @ApiProperty() live!: boolean;
  @ApiProperty() ready!: boolean;
}

export class LiveDto {
  @ApiProperty({ enum: ['live'] }) status!: 'live';
}

export class ParkedEventDto {
  @ApiProperty({ type: 'string', pattern: POSITION }) position!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ description: 'The last attempt\'s error' }) error!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) attempts!: number;
  @ApiProperty({ enum: ['stop', 'skip'], description: 'stop: the projection waits before this event; skip: it went on without it' }) policy!: 'stop' | 'skip';
  @ApiProperty({ type: 'string', format: 'date-time' }) parkedAt!: string;
}

export class ReadyProjectionDto {
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'string', nullable: true, pattern: POSITION }) checkpoint!: string | null;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Events past the checkpoint, counted up to READY_MAX_LAG + 1' }) lag!: number;
  @ApiProperty() lagCapped!: boolean;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Seconds behind the log at the same checkpoint' }) stalledSeconds!: number;
  @ApiProperty({ type: [ParkedEventDto], description: 'Events of the live build parked after failing (npm run projections -- retry <position>)' }) parked!: ParkedEventDto[];
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ready', 'degraded', 'not-ready'], description: 'degraded: the stores answer but a projection has parked an event, is stalled or lags past the bound; not-ready: a store does not answer' }) status!: 'ready' | 'degraded' | 'not-ready';
  @ApiProperty() ready!: boolean;
  @ApiProperty({ type: [String], description: 'Why not ready, one line each' }) reasons!: string[];
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'When the projection states were last read' }) checkedAt!: string | null;
  @ApiProperty({ type: [ReadyProjectionDto] }) projections!: ReadyProjectionDto[];
}
