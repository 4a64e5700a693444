import { Type } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateBy } from 'class-validator';
import { canonicalHexPosition, isCanonicalBase64url } from '@app/domain';
import { problem } from './problem';
import { MIN_POSITION_PATTERN } from '../query-scope/query-reads';

export const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value);

export const MAX_PAGE = 200;
export const DEFAULT_PAGE = 50;

/** The spec's maxLength for minPosition: checked on the text as sent, before canonicalization. */
const MAX_POSITION_LENGTH = 200;

/**
 * One spelling per position: "000…0" of any length up to the spec's bound is zero, not a position
 * the log never reaches. Longer text is left as sent, so that the length check refuses it (400)
 * as the spec says, rather than reading 201 zeros as position zero.
 */
const toCanonicalPosition = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.length <= MAX_POSITION_LENGTH ? (canonicalHexPosition(value) ?? value) : value;

/** Every query takes `minPosition` (read-your-writes, see QueryReads). */
export class FreshQueryDto {
  @ApiPropertyOptional({ description: 'Wait until the read models include this position (hex; read by value, so leading zeros and case do not matter)' })
  @IsOptional() @Length(1, MAX_POSITION_LENGTH) @Transform(toCanonicalPosition)
  @Matches(MIN_POSITION_PATTERN, { message: 'must be a position returned by a command' })
  minPosition?: string;
}

/** An instant with a date, a time and a zone (`2021-12-31T17:00:00Z`, `2022-01-01T00:00:00+07:00`). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The queries an auditor reproduces (totals, breakdowns, summaries, explain, a report, its history)
 * answer as of a past moment: `asOf`, a position of the log, or `asOfTime`, an instant resolved to
 * the last position recorded at or before it (see QueryReads and AsOfReadModels).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function AsOfQuery<TBase extends Type<any>>(Base: TBase) {
  class WithAsOf extends Base {
    @ApiPropertyOptional({ description: 'Answer exactly as the read models stood right after this position of the log (hex, as commands return it; read by value). Not with asOfTime; minPosition is not waited for' })
    @IsOptional() @Length(1, MAX_POSITION_LENGTH) @Transform(toCanonicalPosition)
    @Matches(MIN_POSITION_PATTERN, { message: 'must be a position of the log (hex)' })
    asOf?: string;

    @ApiPropertyOptional({ format: 'date-time', description: 'Answer as of the last event recorded at or before this instant (ISO 8601 with a time zone); the answer\'s X-As-Of-Position header says which position that was. Not with asOf' })
    @IsOptional() @IsString() @Length(1, 40)
    @ValidateBy({ name: 'isInstant', validator: { validate: (v) => typeof v === 'string' && INSTANT.test(v) && !Number.isNaN(Date.parse(v)), defaultMessage: () => 'must be an ISO 8601 instant with a time zone' } })
    asOfTime?: string;
  }
  return WithAsOf;
}

export class PagedQueryDto extends FreshQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE })
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(MAX_PAGE)
  limit?: number;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500)
  @ValidateBy({ name: 'isCursor', validator: { validate: (v) => typeof v === 'string' && isCanonicalBase64url(v), defaultMessage: () => 'is not a cursor this API issued' } })
  cursor?: string;
}

/** A cursor the read models cannot decode is the caller's input, not our fault. */
export const badCursor = (e: unknown): never => {
  if (e instanceof RangeError) throw problem(400, 'Invalid input', 'cursor is not one this API issued.', [{ field: 'cursor', message: 'is not valid' }]);
  throw e;
};
