import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min, ValidateBy } from 'class-validator';
import { canonicalHexPosition, isCanonicalBase64url } from '@app/domain';
import { CODE_MESSAGE, CODE_PATTERN, ID_MESSAGE, ID_PATTERN } from '../http/ids';
import { PERIOD_MESSAGE, PERIOD_PATTERN, YEAR_PATTERN } from '../reports/creating-report/create-report.command';
import { MIN_POSITION_PATTERN } from './freshness.service';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value);

export const MAX_PAGE = 200;

/** One spelling per position: "000…0" of any length is zero, not a position the log never reaches. */
const toCanonicalPosition = ({ value }: { value: unknown }) => (typeof value === 'string' ? (canonicalHexPosition(value) ?? value) : value);

/** RFC 3339 date-times only (what `format: date-time` promises), so that every accepted value is a valid Date. */
const INSTANT = /^[1-9]\d{3}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const INSTANT_MESSAGE = 'must be an RFC 3339 date-time such as 2021-01-01T00:00:00Z';

export class FreshQueryDto {
  @ApiPropertyOptional({ description: 'Wait until the read models include this position (hex; read by value, so leading zeros and case do not matter)' })
  @IsOptional() @Length(1, 200) @Transform(toCanonicalPosition)
  @Matches(MIN_POSITION_PATTERN, { message: 'must be a position returned by a command' })
  minPosition?: string;
}

export class PagedQueryDto extends FreshQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 50 })
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(MAX_PAGE)
  limit?: number;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500)
  @ValidateBy({ name: 'isCursor', validator: { validate: (v) => typeof v === 'string' && isCanonicalBase64url(v), defaultMessage: () => 'is not a cursor this API issued' } })
  cursor?: string;
}

export class ListReportsQueryDto extends PagedQueryDto {
  @ApiPropertyOptional({ description: "Reports filed under this program (the steering unit's supervisors see all of them)" })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  programId?: string;

  @ApiPropertyOptional({ enum: ['draft', 'submitted', 'approved', 'rejected', 'amending'] })
  @IsOptional() @IsIn(['draft', 'submitted', 'approved', 'rejected', 'amending'])
  status?: string;

  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  unitId?: string;

  @ApiPropertyOptional() @IsOptional() @Matches(PERIOD_PATTERN, { message: PERIOD_MESSAGE })
  period?: string;
}

export class TotalsQueryDto extends FreshQueryDto {
  @ApiPropertyOptional() @IsOptional() @Matches(PERIOD_PATTERN, { message: PERIOD_MESSAGE })
  period?: string;

  @ApiPropertyOptional({ description: "With a unit: that unit's figures in the area only" }) @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  unitId?: string;

  @ApiPropertyOptional({ description: 'Totals over the area under the current boundary map (its subtree and predecessors)' })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  areaCode?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: "With unitId: sum over the unit's subtree" })
  @IsOptional() @IsIn(['true', 'false'])
  includeDescendants?: 'true' | 'false';

  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  programId?: string;

  @ApiPropertyOptional() @IsOptional() @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  indicator?: string;
}

export class SummaryQueryDto extends FreshQueryDto {
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  programId?: string;

  @ApiPropertyOptional({ description: 'Only figures reported against the area under the current boundary map' })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  areaCode?: string;
}

/** A period key, or a phase of years (`2017..2021`). */
export const SUMMARY_PERIOD_PATTERN = new RegExp(`^(${YEAR_PATTERN}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?|${YEAR_PATTERN}\\.\\.${YEAR_PATTERN})$`);

export class SummaryPeriodParams {
  @ApiProperty({ example: '2017..2021', description: 'A period key (2021, 2021-H1, 2021-Q3, 2021-07) or a phase of years (2017..2021)' })
  @Matches(SUMMARY_PERIOD_PATTERN, { message: 'must be a period key such as 2021-H1 or a phase such as 2017..2021' })
  period!: string;
}

export class AuditQueryDto extends PagedQueryDto {
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  reportId?: string;

  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  unitId?: string;

  @ApiPropertyOptional() @IsOptional() @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  indicator?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200)
  actor?: string;

  @ApiPropertyOptional({ example: '2021-01-01T00:00:00Z' }) @IsOptional() @IsISO8601({ strict: true }) @Matches(INSTANT, { message: INSTANT_MESSAGE })
  from?: string;

  @ApiPropertyOptional({ example: '2021-12-31T23:59:59Z' }) @IsOptional() @IsISO8601({ strict: true }) @Matches(INSTANT, { message: INSTANT_MESSAGE })
  to?: string;
}
