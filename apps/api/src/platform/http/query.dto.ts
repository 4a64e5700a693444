import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateBy } from 'class-validator';
import { canonicalHexPosition, isCanonicalBase64url } from '@app/domain';
import { problem } from './problem';
import { MIN_POSITION_PATTERN } from '../interceptors/freshness.pipe';

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

/** Every query takes `minPosition` (read-your-writes, see FreshnessPipe). */
export class FreshQueryDto {
  @ApiPropertyOptional({ description: 'Wait until the read models include this position (hex; read by value, so leading zeros and case do not matter)' })
  @IsOptional() @Length(1, MAX_POSITION_LENGTH) @Transform(toCanonicalPosition)
  @Matches(MIN_POSITION_PATTERN, { message: 'must be a position returned by a command' })
  minPosition?: string;
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
