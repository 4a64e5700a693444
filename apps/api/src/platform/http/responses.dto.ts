import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * Response shapes, for the OpenAPI spec only (the handlers build plain objects). They are exact:
 * the spec marks every object `additionalProperties: false`, so Schemathesis fails when a
 * response grows a field the spec does not name. Each feature keeps its own beside its routes;
 * here are the platform's (problems, command answers, health, metrics) and the shared patterns.
 */

/** A log position, as commands answer it and `minPosition` takes it back. */
export const POSITION_PATTERN = '^[0-9a-f]{16,32}$';
/** Canonical decimals: no exponent, no leading or trailing zeros. */
export const DECIMAL_PATTERN = '^(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?$';
export const REPORT_STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'amending'];
export const DATE_SCHEMA = { type: 'string', format: 'date' } as const;

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
  @ApiProperty({ type: 'string', nullable: true, pattern: POSITION_PATTERN, description: 'Pass as minPosition to read your own write' })
  position!: string | null;
}

export class ProjectionHealthDto {
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'string', nullable: true, pattern: POSITION_PATTERN, description: 'Last position the read models include' }) position!: string | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: POSITION_PATTERN, description: 'Last position in the event log' }) head!: string | null;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Events not yet projected (counted up to 1000)' }) lag!: number;
  @ApiProperty() lagCapped!: boolean;
}

export class BuildHealthDto {
  @ApiProperty({ type: 'integer' }) build!: number;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ type: 'string', nullable: true, pattern: POSITION_PATTERN }) checkpoint!: string | null;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Events past the checkpoint (counted up to 1000)' }) lag!: number;
  @ApiProperty() lagCapped!: boolean;
}

export class ReadModelHealthDto {
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'integer', description: 'The version in the running code' }) codeVersion!: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The live build (the one queries read)' }) build!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) version!: number | null;
  @ApiProperty({ type: 'string', nullable: true, pattern: POSITION_PATTERN }) checkpoint!: string | null;
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
  @ApiProperty({ type: 'string', pattern: POSITION_PATTERN }) position!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ description: 'The last attempt\'s error' }) error!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) attempts!: number;
  @ApiProperty({ enum: ['stop', 'skip'], description: 'stop: the projection waits before this event; skip: it went on without it' }) policy!: 'stop' | 'skip';
  @ApiProperty({ type: 'string', format: 'date-time' }) parkedAt!: string;
}

export class ReadyProjectionDto {
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'string', nullable: true, pattern: POSITION_PATTERN }) checkpoint!: string | null;
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
